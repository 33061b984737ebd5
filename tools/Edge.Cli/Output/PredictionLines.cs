using System.Buffers;
using System.Text.Json;
using Edge.Cli.Cli;
using Edge.Host.Runs;

namespace Edge.Cli.Output;

/// <summary>
/// Writes <c>prediction</c> lines to stdout without allocating: one JSON writer over one reused
/// buffer, flushed straight to the standard output stream.
/// </summary>
internal sealed class PredictionLines : IDisposable
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _writer;
    private readonly Stream _stdout = Console.OpenStandardOutput();
    private readonly IReadOnlyList<string> _classes;

    /// <summary>Writes predictions over <paramref name="classes"/>.</summary>
    public PredictionLines(IReadOnlyList<string> classes)
    {
        _classes = classes;
        _writer = new Utf8JsonWriter(_buffer);
    }

    /// <summary>Writes one line.</summary>
    public void Write(in WindowPrediction p)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        _writer.WriteStartObject();
        _writer.WriteString("kind", "prediction");
        _writer.WriteNumber("t_start_us", p.StartUs);
        _writer.WriteNumber("t_end_us", p.EndUs);
        _writer.WriteString("class", _classes[p.Class]);
        _writer.WritePropertyName("confidence");
        WriteValue(p.Confidence);
        _writer.WriteStartArray("scores");
        foreach (var score in p.Scores)
        {
            WriteValue(score);
        }
        _writer.WriteEndArray();
        WriteClass("label", p.Label);
        WriteClass("truth", p.Truth);
        _writer.WriteBoolean("learned", p.Learned);
        _writer.WriteNumber("latency_ms", Math.Round(p.LatencyMs, 3));
        _writer.WriteEndObject();
        _writer.Flush();
        lock (JsonLines.Gate)
        {
            Console.Out.Flush();
            _stdout.Write(_buffer.WrittenSpan);
            _stdout.WriteByte((byte)'\n');
            _stdout.Flush();
        }
    }

    /// <summary>A value rounded to 4 decimals; null for NaN or ±∞, which JSON has no number for.</summary>
    private void WriteValue(float value)
    {
        if (float.IsFinite(value))
        {
            _writer.WriteNumberValue(Math.Round(value, 4));
        }
        else
        {
            _writer.WriteNullValue();
        }
    }

    private void WriteClass(string key, int cls)
    {
        if (cls < 0)
        {
            _writer.WriteNull(key);
        }
        else
        {
            _writer.WriteString(key, _classes[cls]);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _writer.Dispose();
        _stdout.Dispose();
    }
}
