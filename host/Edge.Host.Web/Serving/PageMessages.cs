using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Edge.Host.Runs;
using Edge.Host.Teaching;
using Edge.Host.Web.Feed;

namespace Edge.Host.Web.Serving;

/// <summary>
/// Writes the page's messages as server-sent events (<c>event: NAME</c>, <c>data: JSON</c>) on the
/// page's thread; one buffer is reused, each message is one array shared by every browser.
/// </summary>
internal sealed class PageMessages : IDisposable
{
    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);
    private readonly Utf8JsonWriter _json;
    private byte[] _plane = [];

    public PageMessages() => _json = new Utf8JsonWriter(_buffer);

    /// <summary>What the run is and what the page may do: the first message every browser gets (also <c>/state</c>).</summary>
    public static byte[] State(OnlineRun run, PageFeed feed, bool controls)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            WriteState(json, run, feed, controls);
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The state as an event.</summary>
    public byte[] Hello(OnlineRun run, PageFeed feed, bool controls)
    {
        WriteState(Begin(), run, feed, controls);
        return End("hello");
    }

    /// <inheritdoc />
    public void Dispose() => _json.Dispose();

    /// <summary>A capture: the event frame (ON and OFF planes, 0–255, base64), spike rates and the raster.</summary>
    public byte[] Frame(Capture capture, PageFeed feed)
    {
        var json = Begin();
        json.WriteNumber("windows", capture.Windows);
        json.WriteNumber("steps", capture.Steps);
        json.WriteNumber("width", feed.Width);
        json.WriteNumber("height", feed.Height);
        var max = 0f;
        for (var i = 0; i < capture.On.Length; i++)
        {
            max = Math.Max(max, Math.Max(capture.On[i], capture.Off[i]));
        }
        json.WriteBase64String("on", Quantize(capture.On, max));
        json.WriteBase64String("off", Quantize(capture.Off, max));
        json.WriteNumber("max_events", max);
        json.WriteStartArray("rates");
        for (var i = 0; i < feed.Layers.Length; i++)
        {
            json.WriteNumberValue(Math.Round(capture.Spikes[i] / Math.Max(1, (double)feed.Layers[i].Neurons * capture.Steps), 5));
        }
        json.WriteEndArray();
        json.WriteNumber("raster_layer", capture.RasterLayer);
        json.WriteNumber("raster_neurons", feed.Layers.Length == 0 ? 0 : feed.Layers[capture.RasterLayer].Sampled.Length);
        json.WriteBase64String("raster", MemoryMarshal.AsBytes(capture.Raster.AsSpan(0, capture.Steps)));
        return End("frame");
    }

    /// <summary>Predictions number <paramref name="from"/> up to <paramref name="to"/> (those still in the ring).</summary>
    public byte[] Predictions(PredictionRing ring, long from, long to, int classes, float[] scores)
    {
        var json = Begin();
        json.WriteStartArray("items");
        for (var i = from; i < to; i++)
        {
            if (!ring.TryGet(i, out var p, scores))
            {
                continue;
            }
            json.WriteStartObject();
            json.WriteNumber("start_us", p.StartUs);
            json.WriteNumber("end_us", p.EndUs);
            json.WriteNumber("class", p.Class);
            json.WriteNumber("confidence", Math.Round(p.Confidence, 4));
            json.WriteNumber("label", p.Label);
            json.WriteNumber("truth", p.Truth);
            json.WriteBoolean("learned", p.Learned);
            json.WriteNumber("latency_ms", Math.Round(p.LatencyMs, 2));
            json.WriteStartArray("scores");
            for (var c = 0; c < classes; c++)
            {
                json.WriteNumberValue(Math.Round(scores[c], 4));
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        return End("predictions");
    }

    /// <summary>A metrics line, as the JSON lines have it.</summary>
    public static byte[] Metrics(RunMetricsRow row) => Event("metrics", JsonSerializer.SerializeToUtf8Bytes(row, PageJson.Default.RunMetricsRow));

    /// <summary>A command result, as the JSON lines have it.</summary>
    public static byte[] Command(CommandResult result) => Event("command", JsonSerializer.SerializeToUtf8Bytes(result, PageJson.Default.CommandResult));

    /// <summary>The run's summary: it has ended.</summary>
    public static byte[] Stopped(RunSummary summary) => Event("stopped", JsonSerializer.SerializeToUtf8Bytes(summary, PageJson.Default.RunSummary));

    /// <summary>The live counters, once a second.</summary>
    public byte[] Stats(PageStats s)
    {
        var json = Begin();
        json.WriteNumber("elapsed_s", Math.Round(s.ElapsedS, 2));
        json.WriteNumber("windows", s.Windows);
        json.WriteNumber("samples", s.Samples);
        json.WriteNumber("steps", s.Steps);
        json.WriteNumber("events", s.Events);
        WriteNullable(json, "accuracy_taught", s.AccuracyTaught);
        WriteNullable(json, "accuracy_truth", s.AccuracyTruth);
        json.WriteNumber("events_per_s", Math.Round(s.EventsPerS, 1));
        json.WriteNumber("steps_per_s", Math.Round(s.StepsPerS, 1));
        json.WriteNumber("events_dropped", s.EventsDropped);
        json.WriteNumber("page_frames_dropped", s.PageFramesDropped);
        json.WriteString("mode", s.Mode);
        if (s.Label is null)
        {
            json.WriteNull("label");
        }
        else
        {
            json.WriteString("label", s.Label);
        }
        json.WriteNumber("learning_rate", s.LearningRate);
        return End("stats");
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, Math.Round(v, 4));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteState(Utf8JsonWriter json, OnlineRun run, PageFeed feed, bool controls)
    {
        var started = run.Started;
        var memory = run.Network.Ledger.Report();
        json.WriteString("source", started.Source);
        json.WriteString("network", started.Network);
        json.WriteStartArray("classes");
        foreach (var c in run.Classes)
        {
            json.WriteStringValue(c);
        }
        json.WriteEndArray();
        json.WriteString("mode", RunModes.Name(run.Mode));
        json.WriteString("labels", started.Labels);
        json.WriteBoolean("controls", controls);
        json.WriteString("window", started.Window);
        json.WriteNumber("time_steps", started.TimeSteps);
        json.WriteNumber("width", feed.Width);
        json.WriteNumber("height", feed.Height);
        json.WriteStartArray("layers");
        foreach (var layer in feed.Layers)
        {
            json.WriteStartObject();
            json.WriteString("name", layer.Name);
            json.WriteNumber("neurons", layer.Neurons);
            json.WriteNumber("sampled", layer.Sampled.Length);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteNumber("raster_layer", feed.Capturer.RasterLayer);
        json.WriteNumber("learning_state_bytes", memory.LearningStateBytes);
        json.WriteNumber("memory_bytes", memory.TotalBytes);
        json.WriteNumber("learning_rate", run.Learner?.Optimizer.LearningRate ?? 0f);
        json.WriteString("start", started.Start);
    }

    private ReadOnlySpan<byte> Quantize(float[] counts, float max)
    {
        if (_plane.Length != counts.Length)
        {
            _plane = new byte[counts.Length];
        }
        var scale = max > 0 ? 255f / max : 0f;
        for (var i = 0; i < counts.Length; i++)
        {
            _plane[i] = (byte)Math.Min(255f, MathF.Ceiling(counts[i] * scale));
        }
        return _plane;
    }

    private Utf8JsonWriter Begin()
    {
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        _json.WriteStartObject();
        return _json;
    }

    private byte[] End(string name)
    {
        _json.WriteEndObject();
        _json.Flush();
        return Event(name, _buffer.WrittenSpan);
    }

    private static byte[] Event(string name, ReadOnlySpan<byte> json)
    {
        var head = Encoding.UTF8.GetBytes("event: " + name + "\ndata: ");
        var message = new byte[head.Length + json.Length + 2];
        head.CopyTo(message, 0);
        json.CopyTo(message.AsSpan(head.Length));
        message[^2] = (byte)'\n';
        message[^1] = (byte)'\n';
        return message;
    }
}

/// <summary>The live counters of a run, read by the page's thread once a second.</summary>
internal readonly record struct PageStats(
    double ElapsedS, long Windows, long Samples, long Steps, long Events, double? AccuracyTaught, double? AccuracyTruth,
    double EventsPerS, double StepsPerS, long EventsDropped, long PageFramesDropped, string Mode, string? Label, float LearningRate);
