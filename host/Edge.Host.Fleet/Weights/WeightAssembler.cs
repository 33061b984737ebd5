using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Edge.Host.Fleet.Broker;
using Edge.Runtime.Checkpoints;

namespace Edge.Host.Fleet.Weights;

/// <summary>What one message did to a set being received.</summary>
/// <param name="Complete">The set, when this message completed it and the checksum matched.</param>
/// <param name="Error">One line when a set was refused (bad manifest, mismatch, a chunk out of place, a checksum that differs), else null.</param>
/// <param name="Set">The id of the set concerned, when known.</param>
internal readonly record struct AssemblyStep(WeightSet? Complete, string? Error, string? Set);

/// <summary>
/// Receives one weight set at a time from a topic: a JSON manifest, then its binary chunks in any
/// order. A set is complete when every chunk arrived and the CRC-32C of the data matches; a new
/// manifest abandons an incomplete set (reported), and <see cref="Expire"/> abandons one that stalls.
/// </summary>
/// <param name="accept">Checks a manifest before any chunk is taken: null accepts, a line refuses.</param>
/// <param name="maxFloats">The largest set taken (its buffer is allocated when its manifest arrives).</param>
internal sealed class WeightAssembler(Func<WeightManifest, string?> accept, long maxFloats = 1L << 28)
{
    private WeightManifest? _manifest;
    private ulong _set;
    private float[] _values = [];
    private bool[] _received = [];
    private int _missing;
    private long _startedAt;
    private ulong _ignored;

    /// <summary>Takes one message of the topic.</summary>
    public AssemblyStep Add(ReadOnlySpan<byte> payload)
    {
        if (payload.Length > 0 && payload[0] == (byte)'{')
        {
            var abandoned = _manifest is null ? null : Abandon();
            var step = Begin(payload);
            return abandoned is not null && step.Error is null ? new AssemblyStep(null, abandoned, WeightChunk.IdText(_set)) : step;
        }
        if (!WeightChunk.TryDecode(payload, out var set, out var index, out var count))
        {
            return new AssemblyStep(null, "weights: a message that is neither a manifest (JSON) nor a chunk (EDGW version 1)", null);
        }
        var id = WeightChunk.IdText(set);
        if (_manifest is null || set != _set)
        {
            // The rest of a set already refused or reported says nothing more: one line per set.
            if (set == _ignored)
            {
                return new AssemblyStep(null, null, id);
            }
            _ignored = set;
            return new AssemblyStep(null, $"weights: chunk {index} of set {id}, which has no manifest here", id);
        }
        var manifest = _manifest;
        var totalBytes = manifest.Floats * sizeof(float);
        var expected = (int)Math.Min(WeightChunk.DataBytes, totalBytes - ((long)index * WeightChunk.DataBytes));
        if (count != manifest.Chunks || (uint)index >= (uint)count || payload.Length - WeightChunk.HeaderBytes != expected)
        {
            Reset();
            return new AssemblyStep(null, string.Create(CultureInfo.InvariantCulture,
                $"weights: set {id}: chunk {index} of {count} with {payload.Length - WeightChunk.HeaderBytes} bytes does not fit the manifest ({manifest.Chunks} chunks, {expected} bytes for this one)"), id);
        }
        if (!_received[index])
        {
            _received[index] = true;
            _missing--;
            payload[WeightChunk.HeaderBytes..].CopyTo(MemoryMarshal.AsBytes(_values.AsSpan()).Slice(index * WeightChunk.DataBytes));
        }
        if (_missing > 0)
        {
            return new AssemblyStep(null, null, id);
        }
        var crc = Crc32C.Hex(Crc32C.Of(MemoryMarshal.AsBytes(_values.AsSpan())));
        var values = _values;
        Reset();
        return crc == manifest.Crc32c
            ? new AssemblyStep(new WeightSet(manifest, values), null, id)
            : new AssemblyStep(null, $"weights: set {id}: CRC-32C of the data is {crc}, the manifest says {manifest.Crc32c}", id);
    }

    /// <summary>Abandons a set still incomplete after <paramref name="timeout"/>; returns the line saying so, or null.</summary>
    public string? Expire(TimeSpan timeout) =>
        _manifest is not null && Stopwatch.GetElapsedTime(_startedAt) > timeout ? Abandon() : null;

    /// <summary>True while a set is being received.</summary>
    public bool Receiving => _manifest is not null;

    private AssemblyStep Begin(ReadOnlySpan<byte> payload)
    {
        WeightManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(payload, FleetJson.Default.WeightManifest);
        }
        catch (JsonException ex)
        {
            return new AssemblyStep(null, $"weights: the manifest is not valid: {FleetMessages.Problem(ex)}", null);
        }
        if (manifest is null || manifest.V != FleetMessages.Version)
        {
            return new AssemblyStep(null, $"weights: manifest version {manifest?.V} is not {FleetMessages.Version}", manifest?.Set);
        }
        if (!WeightChunk.TryParseId(manifest.Set, out var set))
        {
            return new AssemblyStep(null, $"weights: manifest set id '{Printable(manifest.Set)}' is not 16 hex digits", manifest.Set);
        }
        if (NullKey(manifest) is { } key)
        {
            return new AssemblyStep(null, $"weights: set {manifest.Set}: the manifest's {key} is null", manifest.Set);
        }
        long sum = 0;
        foreach (var t in manifest.Tensors)
        {
            sum += t.Count;
        }
        _ignored = set;
        if (sum != manifest.Floats || manifest.Floats <= 0 || manifest.Floats > maxFloats || manifest.ChunkBytes != WeightChunk.DataBytes
            || manifest.Chunks != WeightChunk.CountFor(manifest.Floats * sizeof(float)))
        {
            return new AssemblyStep(null, string.Create(CultureInfo.InvariantCulture,
                $"weights: set {manifest.Set}: {manifest.Floats} values in {manifest.Chunks} chunks of {manifest.ChunkBytes} bytes do not add up (tensors hold {sum})"), manifest.Set);
        }
        if (accept(manifest) is { } refusal)
        {
            return new AssemblyStep(null, $"weights: set {manifest.Set} refused: {Printable(refusal)}", manifest.Set);
        }
        _manifest = manifest;
        _set = set;
        if (_values.Length != manifest.Floats)
        {
            _values = new float[manifest.Floats];
        }
        _received = new bool[manifest.Chunks];
        _missing = manifest.Chunks;
        _startedAt = Stopwatch.GetTimestamp();
        return new AssemblyStep(null, null, manifest.Set);
    }

    /// <summary>The JSON key of the first value a manifest must have but gives as null, or null when none is.</summary>
    private static string? NullKey(WeightManifest manifest)
    {
        if (manifest.From is null || manifest.Network is null || manifest.Signature is null || manifest.Crc32c is null)
        {
            return manifest.From is null ? "$.from" : manifest.Network is null ? "$.network" : manifest.Signature is null ? "$.signature" : "$.crc32c";
        }
        if (manifest.Classes is null || manifest.Tensors is null)
        {
            return manifest.Classes is null ? "$.classes" : "$.tensors";
        }
        for (var i = 0; i < manifest.Classes.Count; i++)
        {
            if (manifest.Classes[i] is null)
            {
                return string.Create(CultureInfo.InvariantCulture, $"$.classes[{i}]");
            }
        }
        for (var i = 0; i < manifest.Tensors.Count; i++)
        {
            if (manifest.Tensors[i] is not { Name: not null, Shape: not null })
            {
                return string.Create(CultureInfo.InvariantCulture, $"$.tensors[{i}]{(manifest.Tensors[i] is null ? "" : manifest.Tensors[i].Name is null ? ".name" : ".shape")}");
            }
        }
        return null;
    }

    /// <summary>A value from the network as it may appear in a one-line message: control characters shown as '?'.</summary>
    private static string Printable(string? value) => value is null ? "" : string.Create(value.Length, value, static (span, text) =>
    {
        for (var i = 0; i < text.Length; i++)
        {
            span[i] = char.IsControl(text[i]) ? '?' : text[i];
        }
    });

    private string Abandon()
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"weights: set {_manifest!.Set} is incomplete: {_manifest.Chunks - _missing} of {_manifest.Chunks} chunks arrived");
        Reset();
        return line;
    }

    private void Reset()
    {
        _ignored = _set;
        _manifest = null;
        _values = [];
        _received = [];
        _missing = 0;
    }
}
