using System.Globalization;
using System.Text.Json.Serialization;
using Edge.Cli.Cli;
using Edge.Host.Flow;

namespace Edge.Cli.Flow;

/// <summary>
/// Reports a flow run: with --json a <c>flow</c> line per progress row and a <c>flow-summary</c>
/// line at the end on stdout; otherwise a table for people. Keeps a few late samples for --plot.
/// </summary>
internal sealed class FlowPrinter(bool json, long samples, IReadOnlyList<string> kinds, bool capture) : IFlowObserver
{
    private readonly List<FlowPlot.Sample> _captured = [];
    private readonly HashSet<int> _capturedKinds = [];
    private bool _header;

    /// <summary>The samples kept for the plot.</summary>
    public IReadOnlyList<FlowPlot.Sample> Captured => _captured;

    public void OnSample(in FlowSampleView sample)
    {
        // One late sample per motion kind, up to four, for the picture.
        if (!capture || !sample.HasTruth || sample.Index < samples * 0.8 || _captured.Count >= 4 || !_capturedKinds.Add(sample.Label))
        {
            return;
        }
        var kind = (uint)sample.Label < (uint)kinds.Count ? kinds[sample.Label] : "sample";
        _captured.Add(new FlowPlot.Sample(sample.Index, kind, sample.Truth.ToArray(), sample.Predicted.ToArray(), sample.Mask.ToArray(),
            sample.Width, sample.Height, sample.Aee));
    }

    public void OnProgress(FlowProgress progress)
    {
        var m = progress.Window;
        if (json)
        {
            JsonLines.Write("flow", new FlowLine(progress.SamplesSeen, Round(m.Aee), Round(m.AeeZeroFlow), Round(m.AeeMeanFlow), Round(m.OutlierFraction),
                Round(m.Loss), m.Samples, m.SamplesWithTruth, m.SelfSupervised, Math.Round(progress.Seconds, 2)), FlowJson.Default.FlowLine);
            return;
        }
        if (!_header)
        {
            Console.Out.WriteLine("  samples      aee  zero-flow  mean-flow  outliers     loss");
            _header = true;
        }
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{progress.SamplesSeen,9} {m.Aee,8:0.000} {m.AeeZeroFlow,10:0.000} {m.AeeMeanFlow,10:0.000} {m.OutlierFraction,9:0.000} {m.Loss,8:0.000}"));
    }

    public void Summary(FlowSummary s)
    {
        var all = s.All;
        var last = s.Last20Pct;
        if (json)
        {
            JsonLines.Write("flow-summary", new FlowSummaryLine
            {
                Source = s.Source,
                Network = s.Network,
                Rule = s.Rule,
                Loss = s.Loss,
                Samples = all.Samples,
                SamplesWithTruth = all.SamplesWithTruth,
                Aee = Round(all.Aee),
                AeeZeroFlow = Round(all.AeeZeroFlow),
                AeeMeanFlow = Round(all.AeeMeanFlow),
                OutlierFraction = Round(all.OutlierFraction),
                AeeLast20Pct = Round(last.Aee),
                AeeZeroFlowLast20Pct = Round(last.AeeZeroFlow),
                AeeMeanFlowLast20Pct = Round(last.AeeMeanFlow),
                OutlierFractionLast20Pct = Round(last.OutlierFraction),
                SelfSupervised = all.SelfSupervised,
                StepsPerS = Math.Round(s.StepsPerSecond, 1),
                AllocBytes = s.AllocatedBytes,
                AllocBytesPerStep = s.MeasuredSteps == 0 ? 0 : s.AllocatedBytes / s.MeasuredSteps,
                MemoryBytes = s.MemoryBytes,
                LearningStateBytes = s.LearningStateBytes,
                Seconds = Math.Round(s.Seconds, 2),
            }, FlowJson.Default.FlowSummaryLine);
            return;
        }
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{all.Samples} samples of '{s.Source}' learned online ({s.Rule}, loss {s.Loss}) in {s.Seconds:0.0} s: AEE {all.Aee:0.000} (zero flow {all.AeeZeroFlow:0.000}, mean flow {all.AeeMeanFlow:0.000}), outliers {all.OutlierFraction:0.000}"));
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"last 20 %: AEE {last.Aee:0.000} (zero flow {last.AeeZeroFlow:0.000}, mean flow {last.AeeMeanFlow:0.000}), outliers {last.OutlierFraction:0.000}"));
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{s.StepsPerSecond:0} steps/s, {s.AllocatedBytes} bytes allocated after the first sample, memory {s.MemoryBytes / 1024.0:0.0} KiB (learning state {s.LearningStateBytes / 1024.0:0.0} KiB)"));
    }

    private static double Round(double value) => Math.Round(value, 4);
}

/// <summary>A progress row (<c>{"kind":"flow",…}</c>): the metrics of the samples since the previous row.</summary>
internal sealed record FlowLine(long Samples, double Aee, double AeeZeroFlow, double AeeMeanFlow, double OutlierFraction, double Loss,
    long WindowSamples, long WindowSamplesWithTruth, long WindowSelfSupervised, double Seconds);

/// <summary>The final line (<c>{"kind":"flow-summary",…}</c>): metrics over every sample and over the last 20 %.</summary>
internal sealed record FlowSummaryLine
{
    public required string Source { get; init; }

    public required string Network { get; init; }

    public required string Rule { get; init; }

    public required string Loss { get; init; }

    public long Samples { get; init; }

    public long SamplesWithTruth { get; init; }

    public double Aee { get; init; }

    public double AeeZeroFlow { get; init; }

    public double AeeMeanFlow { get; init; }

    public double OutlierFraction { get; init; }

    [JsonPropertyName("aee_last_20pct")]
    public double AeeLast20Pct { get; init; }

    [JsonPropertyName("aee_zero_flow_last_20pct")]
    public double AeeZeroFlowLast20Pct { get; init; }

    [JsonPropertyName("aee_mean_flow_last_20pct")]
    public double AeeMeanFlowLast20Pct { get; init; }

    [JsonPropertyName("outlier_fraction_last_20pct")]
    public double OutlierFractionLast20Pct { get; init; }

    public long SelfSupervised { get; init; }

    public double StepsPerS { get; init; }

    public long AllocBytes { get; init; }

    public long AllocBytesPerStep { get; init; }

    public long MemoryBytes { get; init; }

    public long LearningStateBytes { get; init; }

    public double Seconds { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(FlowLine))]
[JsonSerializable(typeof(FlowSummaryLine))]
internal sealed partial class FlowJson : JsonSerializerContext;
