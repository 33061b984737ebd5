using System.Globalization;
using System.Text.Json.Serialization;

namespace Edge.Host.Measurement;

/// <summary>One rule at one T on one network (<c>edge compare</c>).</summary>
internal sealed record CompareRow
{
    public required string Rule { get; init; }

    public required string Network { get; init; }

    /// <summary>Neuron model the rule ran (lif, htglif, dual-exp).</summary>
    public required string Neuron { get; init; }

    [JsonPropertyName("T")]
    public int T { get; init; }

    /// <summary>Steps with a learning signal.</summary>
    [JsonPropertyName("T_l")]
    public int TL { get; init; }

    public long LearningStateBytes { get; init; }

    public long TotalBytes { get; init; }

    public long MacsForward { get; init; }

    public long MacsLearningSignal { get; init; }

    public long MacsWeightUpdate { get; init; }

    /// <summary>counted (by the kernels, one sample) or schedule (--dry).</summary>
    public required string MacsSource { get; init; }

    /// <summary>Median time of a test-then-train sample, inference pass included.</summary>
    public double? MsPerSample { get; init; }

    /// <summary>Of which the inference pass that judges a rule updating inside a sample (null for rules that update once per sample).</summary>
    public double? MsInferencePass { get; init; }

    /// <summary>BPTT's learning state over this rule's, at the same T.</summary>
    public double? MemoryRatioVsBptt { get; init; }

    /// <summary>BPTT's learning MACs (signal + update) over this rule's, at the same T.</summary>
    public double? MacRatioVsBptt { get; init; }

    /// <summary>S-TLLR rows: the paper's T_l, the steps WITHOUT a learning signal (T − our T_l).</summary>
    [JsonPropertyName("paper_T_l")]
    public int? PaperTL { get; init; }

    /// <summary>S-TLLR rows: the paper's memory ratio BPTT/S-TLLR = T/2.</summary>
    public double? PaperMemoryRatio { get; init; }

    /// <summary>S-TLLR rows: the paper's MAC ratio 2T/(3·steps with a signal).</summary>
    public double? PaperMacRatio { get; init; }

    [JsonIgnore]
    public long LearningMacs => MacsLearningSignal + MacsWeightUpdate;

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Rule,-13} {Neuron,-9} T={T,-4} T_l={TL,-4} state {Bytes(LearningStateBytes),10} {Ratio(MemoryRatioVsBptt),7}  MACs fwd {Macs(MacsForward),8} signal {Macs(MacsLearningSignal),8} update {Macs(MacsWeightUpdate),8} {Ratio(MacRatioVsBptt),7}  {(MsPerSample is double ms ? ms.ToString("0.0", CultureInfo.InvariantCulture) + " ms" : "-"),10}{Paper()}");

    private string Paper() => PaperMemoryRatio is double m
        ? string.Create(CultureInfo.InvariantCulture, $"  (paper: mem ×{m:0.##}, MAC ×{PaperMacRatio:0.##}, its T_l = {PaperTL})")
        : "";

    /// <summary>Bytes as KiB/MiB/GiB.</summary>
    public static string Bytes(long b) => b switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{b / (double)(1L << 30):0.00} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{b / (double)(1L << 20):0.00} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{b / 1024.0:0.0} KiB"),
    };

    /// <summary>MACs with an SI suffix.</summary>
    public static string Macs(long m) => m switch
    {
        >= 1_000_000_000 => string.Create(CultureInfo.InvariantCulture, $"{m / 1e9:0.00}G"),
        >= 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{m / 1e6:0.00}M"),
        >= 1_000 => string.Create(CultureInfo.InvariantCulture, $"{m / 1e3:0.0}k"),
        _ => m.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>A ratio as ×r, or "-".</summary>
    public static string Ratio(double? r) => r is double v ? string.Create(CultureInfo.InvariantCulture, $"×{v:0.00}") : "-";
}

