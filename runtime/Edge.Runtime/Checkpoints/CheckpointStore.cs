using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using Edge.Runtime.Layers;
using Edge.Runtime.Learning.Stllr;
using Edge.Runtime.Learning;

namespace Edge.Runtime.Checkpoints;

/// <summary>
/// The learned state of an online learner in one folder, so a run that stops (Ctrl-C, SIGTERM, a
/// power cut) resumes where it was. The state is one safetensors file, <see cref="FileName"/>:
/// parameters (<c>layers.{i}.{name}</c>, PyTorch order — so it is also a weights file for
/// <see cref="WeightFile"/>), the rule's own parameters (<c>signal.{k}.{name}</c> for S-TLLR's feedback,
/// <c>{rule}.{k}.{name}</c> for another rule's), the optimizer's moments and step count, the rule, and the
/// counters of <see cref="LearningProgress"/>, with a CRC-32C over metadata and data. Every learning
/// rule's learner saves and restores through it.
/// <para>
/// <see cref="Save"/> writes a temporary file beside it, flushes it to disk and renames it over the
/// previous one, so the folder always holds one complete checkpoint; a failed save leaves the
/// previous one untouched. <see cref="Restore"/> checks the format, the checksum, the network (a
/// checkpoint of another network is refused, naming the first difference) and every shape before
/// it changes anything.
/// </para>
/// </summary>
public sealed class CheckpointStore
{
    /// <summary>Name of the checkpoint file inside the folder.</summary>
    public const string FileName = "checkpoint.safetensors";

    private ILearner? _buffersFor;
    private float[][] _torch = [];

    /// <summary>A store in <paramref name="directory"/> (created on the first save).</summary>
    public CheckpointStore(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = directory;
        FilePath = Path.Combine(directory, FileName);
    }

    /// <summary>The folder.</summary>
    public string Directory { get; }

    /// <summary>The checkpoint file.</summary>
    public string FilePath { get; }

    /// <summary>True when the folder holds a checkpoint.</summary>
    public bool Exists => File.Exists(FilePath);

    /// <summary>
    /// Reads the checkpoint's metadata (network, seed, counters) without loading it; null when there is none.
    /// Build the network with <see cref="CheckpointInfo.Seed"/>, then <see cref="Restore"/>.
    /// </summary>
    public CheckpointInfo? ReadInfo()
    {
        if (!Exists)
        {
            return null;
        }
        using var file = SafetensorsFile.Open(FilePath);
        return CheckpointInfo.FromMetadata(FilePath, file.Metadata);
    }

    /// <summary>
    /// Loads the checkpoint into <paramref name="learner"/>: parameters, optimizer moments and step
    /// count; refreshes the standardized weights. Everything is validated first, so on an
    /// exception the learner is unchanged.
    /// </summary>
    /// <exception cref="CheckpointException">Damaged, truncated, or made for another network (says what differs).</exception>
    public CheckpointInfo Restore(ILearner learner)
    {
        ArgumentNullException.ThrowIfNull(learner);
        using var file = SafetensorsFile.Open(FilePath);
        var info = CheckpointInfo.FromMetadata(FilePath, file.Metadata);
        var crc = Checksum(file);
        if (crc != info.Crc)
        {
            throw new CheckpointException(FilePath, $"checksum mismatch (stored {info.Crc:x8}, computed {crc:x8}): the file is damaged");
        }
        if (SpecSignature.FirstDifference(info.Signature, SpecSignature.Of(learner.Network.Spec)) is { } difference)
        {
            throw new CheckpointException(FilePath, $"checkpoint of network '{info.Network}' does not fit network '{learner.Network.Spec.Name}': {difference}");
        }
        if (info.Rule != learner.Rule)
        {
            throw new CheckpointException(FilePath, $"checkpoint of a {info.Rule} learner does not fit a {learner.Rule} learner (use --rule {info.Rule}, or another checkpoint folder)");
        }
        var tensors = Tensors(learner);
        foreach (var (key, parameter, moments) in tensors)
        {
            WeightFile.RequireShape(FilePath, Require(file, key), parameter.Shape, $"the network's {key}");
            foreach (var moment in moments)
            {
                WeightFile.RequireShape(FilePath, Require(file, moment.Key), [moment.Buffer.Length], $"the optimizer's {moment.Key}");
            }
        }
        var scratch = new float[MaxCount(tensors)];
        foreach (var (key, parameter, moments) in tensors)
        {
            var values = scratch.AsSpan(0, parameter.Count);
            file.Read(file.Find(key)!, values);
            parameter.Import(values);
            foreach (var moment in moments)
            {
                file.Read(file.Find(moment.Key)!, moment.Buffer);
            }
        }
        learner.Optimizer.RestoreSteps(info.OptimizerSteps);
        learner.Network.RefreshWeights();
        return info;
    }

    /// <summary>
    /// Loads only the network's parameters from the checkpoint into <paramref name="network"/> (an
    /// inference build, which has no optimizer): checksum and network are checked first, so on an
    /// exception the network is unchanged.
    /// </summary>
    /// <exception cref="CheckpointException">Damaged, truncated, or made for another network.</exception>
    public CheckpointInfo RestoreParameters(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        using var file = SafetensorsFile.Open(FilePath);
        var info = CheckpointInfo.FromMetadata(FilePath, file.Metadata);
        var crc = Checksum(file);
        if (crc != info.Crc)
        {
            throw new CheckpointException(FilePath, $"checksum mismatch (stored {info.Crc:x8}, computed {crc:x8}): the file is damaged");
        }
        if (SpecSignature.FirstDifference(info.Signature, SpecSignature.Of(network.Spec)) is { } difference)
        {
            throw new CheckpointException(FilePath, $"checkpoint of network '{info.Network}' does not fit network '{network.Spec.Name}': {difference}");
        }
        WeightFile.Import(network, file);
        return info;
    }

    /// <summary>
    /// Saves <paramref name="learner"/> with <paramref name="progress"/>: written to a temporary file,
    /// flushed to disk and renamed over the previous checkpoint. Buffers for the PyTorch-order copies
    /// are allocated on the first save and reused.
    /// </summary>
    /// <param name="learner">The learner whose state is saved.</param>
    /// <param name="progress">The counters to save with it.</param>
    /// <param name="classes">The class names the network learns, in output order (kept so a resumed run can check them).</param>
    /// <exception cref="CheckpointException">The file could not be written; the previous checkpoint is kept.</exception>
    public void Save(ILearner learner, LearningProgress progress, IReadOnlyList<string>? classes = null)
    {
        ArgumentNullException.ThrowIfNull(learner);
        var tensors = Tensors(learner);
        if (!ReferenceEquals(_buffersFor, learner))
        {
            _torch = new float[tensors.Count][];
            for (var i = 0; i < tensors.Count; i++)
            {
                _torch[i] = new float[tensors[i].Parameter.Count];
            }
            _buffersFor = learner;
        }
        var writer = new SafetensorsWriter();
        for (var i = 0; i < tensors.Count; i++)
        {
            var (key, parameter, moments) = tensors[i];
            parameter.Export(_torch[i]);
            writer.Add(key, parameter.Shape, _torch[i]);
            foreach (var moment in moments)
            {
                writer.Add(moment.Key, [moment.Buffer.Length], moment.Buffer);
            }
        }
        var info = new CheckpointInfo(learner.Network.Spec.Name, learner.Network.Options.Seed, progress,
            learner.Optimizer.Steps, learner.Optimizer.LearningRate, DateTimeOffset.UtcNow)
        {
            Signature = SpecSignature.Of(learner.Network.Spec),
            Rule = learner.Rule,
            Classes = classes ?? [],
        };
        foreach (var (k, v) in info.ToMetadata())
        {
            writer.Metadata[k] = v;
        }
        writer.Metadata["crc32c"] = Checksum(writer).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
        WriteAtomically(writer);
    }

    private void WriteAtomically(SafetensorsWriter writer)
    {
        var temporary = FilePath + ".tmp";
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                writer.WriteTo(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, FilePath, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new CheckpointException(FilePath, $"could not be saved ({ex.Message.ReplaceLineEndings(" ")}); the previous checkpoint is kept", ex);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Nothing more to do: the temporary file never replaces the checkpoint.
        }
    }

    /// <summary>An optimized parameter under its key, with its optimizer moments.</summary>
    private sealed record Tensor(string Key, Parameter Parameter, Moment[] Moments);

    /// <summary>One optimizer moment buffer (internal layout) under its key.</summary>
    private readonly record struct Moment(string Key, float[] Buffer);

    /// <summary>The learner's tensors: every optimized parameter with its key and its moment buffers.</summary>
    private static List<Tensor> Tensors(ILearner learner)
    {
        var keys = new List<string>();
        foreach (var (index, p) in learner.Network.Parameters())
        {
            keys.Add(WeightFile.Key(index, p.Name));
        }
        var optimizer = learner.Optimizer;
        var ownPrefix = learner is StllrLearner ? WeightFile.SignalPrefix : learner.Rule + ".";
        var networkCount = keys.Count;
        for (var i = networkCount; i < optimizer.Parameters.Count; i++)
        {
            keys.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{ownPrefix}{i - networkCount}.{optimizer.Parameters[i].Name}"));
        }
        var list = new List<Tensor>(keys.Count);
        for (var i = 0; i < keys.Count; i++)
        {
            var first = new Moment(WeightFile.OptimizerPrefix + keys[i] + ".m", optimizer.FirstMoments[i]);
            Moment[] moments = optimizer.SecondMoments is { } second
                ? [first, new Moment(WeightFile.OptimizerPrefix + keys[i] + ".v", second[i])]
                : [first];
            list.Add(new Tensor(keys[i], optimizer.Parameters[i], moments));
        }
        return list;
    }

    private SafetensorsEntry Require(SafetensorsFile file, string key) =>
        file.Find(key) ?? throw new CheckpointException(FilePath, $"tensor '{key}' is missing");

    private static int MaxCount(List<Tensor> tensors)
    {
        var max = 0;
        foreach (var t in tensors)
        {
            max = Math.Max(max, t.Parameter.Count);
        }
        return max;
    }

    /// <summary>CRC-32C of the metadata (without the checksum) and of every tensor's bytes, in name order.</summary>
    private static uint Checksum(SafetensorsWriter writer)
    {
        var crc = Crc32C(~0u, MetadataBytes(writer.Metadata));
        foreach (var (_, values) in writer.Entries)
        {
            crc = Crc32C(crc, MemoryMarshal.AsBytes(values.Span));
        }
        return ~crc;
    }

    private static uint Checksum(SafetensorsFile file)
    {
        var crc = Crc32C(~0u, MetadataBytes(file.Metadata));
        var byName = new List<SafetensorsEntry>(file.Tensors);
        byName.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        Span<byte> chunk = stackalloc byte[1 << 14];
        foreach (var entry in byName)
        {
            for (var at = entry.Begin; at < entry.End; at += chunk.Length)
            {
                var part = chunk[..(int)Math.Min(chunk.Length, entry.End - at)];
                file.ReadData(at, part);
                crc = Crc32C(crc, part);
            }
        }
        return ~crc;
    }

    private static byte[] MetadataBytes(IEnumerable<KeyValuePair<string, string>> metadata)
    {
        var sorted = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in metadata)
        {
            if (k != "crc32c")
            {
                sorted[k] = v;
            }
        }
        var text = new StringBuilder();
        foreach (var (k, v) in sorted)
        {
            text.Append(k).Append('=').Append(v).Append('\n');
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static uint Crc32C(uint crc, ReadOnlySpan<byte> bytes)
    {
        var words = MemoryMarshal.Cast<byte, ulong>(bytes);
        foreach (var w in words)
        {
            crc = BitOperations.Crc32C(crc, w);
        }
        foreach (var b in bytes[(words.Length * 8)..])
        {
            crc = BitOperations.Crc32C(crc, b);
        }
        return crc;
    }
}
