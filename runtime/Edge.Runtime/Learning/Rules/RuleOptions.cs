using Edge.Runtime.Specs;

namespace Edge.Runtime.Learning.Rules;

/// <summary>
/// Settings of the learning rules other than S-TLLR (a spec's <c>rule_options</c> object). Every
/// field has a default, so a spec written for S-TLLR runs unchanged under every rule; the official
/// baselines' quirks are available here and off by default.
/// </summary>
public sealed record RuleOptions
{
    /// <summary><c>truncation</c>: TTL-BPTT's window K, in steps (clamped to T).</summary>
    public int Truncation { get; init; } = 5;

    /// <summary><c>block_size</c>: TTL-BPTT's spiking layers per local block.</summary>
    public int BlockSize { get; init; } = 2;

    /// <summary>
    /// <c>kappa</c>: e-prop's low-pass filter of the eligibility traces; null means the readout's
    /// own decay (0 for a stateless readout).
    /// </summary>
    public float? Kappa { get; init; }

    /// <summary>
    /// <c>bptt_avg_pooling</c>: BPTT replaces every max pool by an average pool, as the official
    /// Gesture BPTT baseline hard-codes (VGG_BPTT.py ignores --pooling MAX).
    /// </summary>
    public bool BpttAvgPooling { get; init; }

    /// <summary>
    /// <c>bptt_hidden_leak</c>: BPTT gives the hidden spiking layers this leak parameter
    /// (γ = σ(leak)), as the official SHD BPTT baseline does with leak 15; null keeps the spec's.
    /// </summary>
    public float? BpttHiddenLeak { get; init; }

    /// <summary><c>event_threshold</c>: threshold of the dual-exponential neurons the event-driven rule brings (official: 1).</summary>
    public float EventThreshold { get; init; } = 1f;

    /// <summary>
    /// <c>event_init_spikes</c>: spikes per neuron and sample the event-driven rule's data-dependent
    /// initialisation aims at (official <c>avg_spike_init</c>, default 1); 0 turns it off.
    /// </summary>
    public float EventInitSpikes { get; init; } = 1f;

    /// <summary><c>event_input_grad_scale</c>: factor on the gradient passed to the layer below (official: 0.85).</summary>
    public float EventInputGradScale { get; init; } = 0.85f;

    /// <summary><c>event_max_dudt_inv</c>: clamp of −1/Δu on the input-gradient path (official default: none, 123456789).</summary>
    public float EventMaxDuDtInverse { get; init; } = 123456789f;

    /// <summary>The accepted keys of <c>rule_options</c> (docs/network-spec.md documents each one).</summary>
    internal static readonly string[] Fields =
    [
        "truncation", "block_size", "kappa", "bptt_avg_pooling", "bptt_hidden_leak", "event_threshold",
        "event_input_grad_scale", "event_max_dudt_inv", "event_init_spikes",
    ];

    /// <summary>Reads a <c>rule_options</c> object; errors name the JSON path.</summary>
    internal static RuleOptions Read(JsonFields f)
    {
        f.RejectUnknown(Fields);
        var options = new RuleOptions();
        var kappa = f.Has("kappa") ? f.Float("kappa") : (float?)null;
        if (kappa is < 0f or >= 1f)
        {
            throw new SpecException(f.At("kappa"), "must be in [0, 1)");
        }
        var threshold = f.Float("event_threshold", options.EventThreshold);
        if (threshold <= 0f)
        {
            throw new SpecException(f.At("event_threshold"), "must be positive");
        }
        if (f.Float("event_init_spikes", options.EventInitSpikes) < 0f)
        {
            throw new SpecException(f.At("event_init_spikes"), "must not be negative");
        }
        return options with
        {
            Truncation = f.Int("truncation", options.Truncation, min: 1),
            BlockSize = f.Int("block_size", options.BlockSize, min: 1),
            Kappa = kappa,
            BpttAvgPooling = f.Bool("bptt_avg_pooling", false),
            BpttHiddenLeak = f.Has("bptt_hidden_leak") ? f.Float("bptt_hidden_leak") : null,
            EventThreshold = threshold,
            EventInputGradScale = f.Float("event_input_grad_scale", options.EventInputGradScale),
            EventMaxDuDtInverse = f.Float("event_max_dudt_inv", options.EventMaxDuDtInverse),
            EventInitSpikes = f.Float("event_init_spikes", options.EventInitSpikes),
        };
    }
}
