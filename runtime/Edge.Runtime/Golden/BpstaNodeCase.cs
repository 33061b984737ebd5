using Edge.Runtime.Layers;
using Edge.Runtime.Memory;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Golden;

/// <summary>
/// The <c>bpsta-node</c> kind (golden/README.md §5): one layer of BP-STA's HTGLIF neurons driven by
/// a given current I [T, N], loss Σ g·s, one backward over all T. Runs the same
/// <see cref="HtglifNeurons"/> forward and backward step that the <c>bpsta</c> rule uses.
/// </summary>
internal static class BpstaNodeCase
{
    public static GoldenResult Run(GoldenCase c)
    {
        var f = c.ConfigFields;
        var steps = f.Int("time_steps", min: 1);
        var n = f.Int("neurons", min: 1);
        if (f.String("reset") != "hard" || f.String("spike_compare") != ">=")
        {
            throw new SpecException(f.At("reset"), "the HTGLIF node resets hard and fires at m ≥ θ");
        }
        if (Math.Abs(f.Float("temporal_gain") - HtglifNeurons.TemporalGain) > 1e-7f)
        {
            throw new SpecException(f.At("temporal_gain"), $"the HTGLIF node's temporal gain is {HtglifNeurons.TemporalGain}");
        }
        var decay = f.Float("decay");
        var threshold = f.Float("threshold");
        var current = c.Input("I");
        var gradSpikes = c.Input("g");

        var neurons = new HtglifNeurons(decay, threshold, n, learning: true, new MemoryLedger());
        var membrane = new float[steps * n];
        var spikes = new float[steps * n];
        for (var t = 0; t < steps; t++)
        {
            neurons.Step(current.At(t), spikes.AsSpan(t * n, n));
            neurons.PreResetMembrane.AsSpan().CopyTo(membrane.AsSpan(t * n, n));
        }

        var gradCurrent = new float[steps * n];
        var delta = new float[n];
        for (var t = steps - 1; t >= 0; t--)
        {
            HtglifNeurons.Backward(membrane.AsSpan(t * n, n), gradSpikes.At(t), decay, threshold, delta);
            delta.CopyTo(gradCurrent.AsSpan(t * n, n));
        }

        var comparer = new GoldenComparer(c);
        comparer.Compare("m", membrane);
        comparer.Compare("s", spikes);
        comparer.Compare("grad_I", gradCurrent);
        comparer.RequireAllCompared();
        return comparer.Result();
    }
}
