using System.Globalization;
using Edge.Accelerator.Chips;
using Edge.Accelerator.Counting;
using Edge.Runtime.Specs;

namespace Edge.Accelerator.Execution;

/// <summary>
/// S-TLLR written in the learning engine's sum-of-products form (Lava's x0, x1, y1…y3 variables, a
/// third factor y2), layer by layer as this network runs it, and the list of places where the chip
/// cannot express the rule exactly.
/// </summary>
public static class StllrOnChip
{
    /// <summary>Describes the rule of <paramref name="network"/>.</summary>
    public static LearningRuleReport Describe(ChipNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var chip = network.Mapping.System.Chip;
        var terms = new List<string>();
        var inexact = new List<string>();
        var lambdas = new SortedSet<string>(StringComparer.Ordinal);
        var alphas = new SortedSet<string>(StringComparer.Ordinal);
        var graded = false;
        var shared = false;
        var decays = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var stage in network.Stages)
        {
            var at = I($"$.layers[{stage.Index}] {Mapping.Mapper.Kind(stage.Mapping.Spec.Kind)}");
            var decay = stage switch
            {
                LifStage l => l.Decay,
                CompartmentStage { Mapping.Spec.Kind: LayerKind.ReadoutLeaky } c => c.Decay,
                _ => double.NaN,
            };
            if (!double.IsNaN(decay) && Math.Abs(decay - stage.Mapping.Spec.Decay) > 1e-7)
            {
                decays.Add(I($"γ {stage.Mapping.Spec.Decay:0.#####} → {decay:0.#####}"));
            }
            switch (stage)
            {
                case LifStage { Learning: true } lif:
                    var (post, pre) = lif.Alphas;
                    terms.Add(I($"{at}: Δacc = {S(post)}·x0·y1·y2 + {S(pre)}·x1·y2·y3;  Δbias = y2·y3;  y3 = Ψ(u − θ), y1 = {F(lif.PostTraceFormat.Lambda)}·y1 + y3, x1 = {F(lif.PreTraceFormat.Lambda)}·x1 + x0") +
                        (lif.Recurrent is not null ? ";  recurrent synapses: the same terms on s[t−1] and its trace" : ""));
                    lambdas.Add(I($"λ_post {F(lif.Mapping.Spec.Factors.LambdaPost)} → {F(lif.PostTraceFormat.Lambda)}"));
                    lambdas.Add(I($"λ_pre {F(lif.Mapping.Spec.Factors.LambdaPre)} → {F(lif.PreTraceFormat.Lambda)}"));
                    Alpha(alphas, at, post);
                    Alpha(alphas, at, pre);
                    graded |= lif.Mapping.Producer < 0 || lif.Mapping.FoldDivisor > 1;
                    shared |= lif.Mapping.Encoding!.SharedWeights || lif.Geometry.OutHeight * lif.Geometry.OutWidth > 1;
                    break;
                case CompartmentStage { Learning: true } readout:
                    terms.Add(readout.Mapping.Spec.Kind == LayerKind.ReadoutLeaky
                        ? I($"{at}: Δacc = x1·y2 (x1 = {F(readout.Mapping.Spec.Factors.LambdaPre)}·x1 + x0);  Δbias = y2")
                        : I($"{at}: Δacc = {(readout.Mapping.FoldDivisor > 1 ? I($"(1/{readout.Mapping.FoldDivisor})·") : "")}x0·y2;  Δbias = y2"));
                    graded |= readout.Mapping.FoldDivisor > 1;
                    break;
                case HostReadoutStage:
                    terms.Add(I($"{at}: on the host, in float (the CPU runtime's gradient)"));
                    break;
            }
        }
        if (decays.Count > 0)
        {
            inexact.Add(I($"forward: decays are {chip.DecayBits}-bit, u·(2^{chip.DecayBits} − δ)/2^{chip.DecayBits}: {string.Join(", ", decays)}"));
        }
        if (terms.Count == 0)
        {
            return new LearningRuleReport { Terms = [], Inexact = inexact };
        }
        inexact.Add("Adam and the weight standardization (W_eff = g·(w − μ)/D) are not sums of products: the engine accumulates ∂/∂W_eff, " +
            "the host drains it, runs the standardization backward and Adam on its float copy and writes back the quantised W_eff after every update (host work, counted)");
        inexact.Add(I($"traces are {chip.TraceBits}-bit with stochastic rounding and decays of {chip.TraceFractionBits} fractional bits: {string.Join(", ", lambdas)}"));
        inexact.Add(I($"the learning signal y2 is {chip.TraceBits + 1}-bit signed with one exponent per layer and step; small signals round stochastically to 0 or ±1"));
        inexact.Add(I($"accumulators are {chip.LearningAccumulatorBits}-bit and saturate; the host sets their step from the previous sample's peak (the first sample's from a bound on its first products, coarse)"));
        if (alphas.Count > 0)
        {
            inexact.Add("rule scales as 4-bit mantissa × 2^e: " + string.Join(", ", alphas));
        }
        if (shared)
        {
            inexact.Add("shared convolution kernels: each core keeps an accumulator per weight and the host sums the copies; Loihi 1's engine updates every synapse entry on its own [A]");
        }
        if (graded)
        {
            inexact.Add("x0 is the input's count (event counts, pooled spike sums), not a 0/1 spike flag: graded spikes (Loihi 2) [A]");
        }
        inexact.Add("Ψ (triangular or rational) and the soft reset u − θ need post-neuron microcode (Loihi 2's three-factor mode) or a lookup table; Loihi 1 compartments reset to 0 [A]");
        if (network.Mapping.Spec.Learning.Feedback == FeedbackMode.Bp)
        {
            inexact.Add("the BP learning signal travels as graded messages (24-bit payloads, Loihi 2) back through a transposed copy of the quantised weights and by priority through the max pools; Loihi 1 has no graded messages [A]");
        }
        inexact.Add("the engine runs at every learning step (t_epoch = 1) of the last T_l steps; on the chip the signal of step t arrives after the forward and backward waves, so step t's traces are held until it does [A]");
        return new LearningRuleReport { Terms = terms, Inexact = inexact };
    }

    private static void Alpha(SortedSet<string> alphas, string at, EngineScale s)
    {
        alphas.Add(s.Error == 0
            ? I($"{F(s.Wanted)} exact")
            : I($"{F(s.Wanted)} → {F(s.Value)} ({s.Error:P1} off, {at})"));
    }

    private static string S(EngineScale s) => s.Exponent == 0 ? I($"({s.Mantissa})") : I($"({s.Mantissa}·2^{s.Exponent})");

    private static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);

    private static string I(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
