using Edge.Runtime.Layers;

namespace Edge.Runtime.Learning.Rules;

/// <summary>
/// The event-driven rule's data-dependent initialisation (official <c>initialize</c> in
/// layers/functions.py): the spike-event backward has nothing to work with in a silent layer, so
/// before training every dual-exponential layer, bottom-up, gets its gain scaled by a bisection in
/// [0.05, 500] until its neurons fire about <c>event_init_spikes</c> spikes per sample
/// (measured over the last third of the steps, with the official 1.2 margin) on the first sample.
/// </summary>
internal static class EventDrivenCalibration
{
    private const double Low = 0.05;
    private const double High = 500;

    /// <summary>
    /// Calibrates every <see cref="DualExpLayer"/> of <paramref name="layers"/> on the network input
    /// of <paramref name="steps"/> recorded steps (channels-last), then leaves all states reset.
    /// </summary>
    public static void Run(Layer[] layers, EventDrivenThroughTime first, int steps, float spikesPerSample, Rng rng)
    {
        var from = (steps * 2) / 3;
        for (var l = 0; l < layers.Length; l++)
        {
            if (layers[l] is not DualExpLayer layer)
            {
                continue;
            }
            var target = spikesPerSample / steps * (steps - from) * 1.2;
            double low = Low, high = High, mid = 1;
            while (high / low >= 1.01)
            {
                mid = Math.Sqrt(high * low);
                Scale(layer, mid);
                var spikes = Forward(layers, l, first, steps, from, rng);
                Scale(layer, 1 / mid);
                if (spikes / (layer.Batch * layer.OutputShape.Size) > target)
                {
                    high = mid;
                }
                else
                {
                    low = mid;
                }
            }
            Scale(layer, mid);
        }
        foreach (var layer in layers)
        {
            layer.ResetState(rng, training: false);
        }
    }

    /// <summary>Runs layers 0 … <paramref name="last"/> over the recorded input; returns the spikes of the last one from step <paramref name="from"/> on.</summary>
    private static double Forward(Layer[] layers, int last, EventDrivenThroughTime first, int steps, int from, Rng rng)
    {
        for (var j = 0; j <= last; j++)
        {
            layers[j].ResetState(rng, training: false);
        }
        double spikes = 0;
        for (var t = 0; t < steps; t++)
        {
            ReadOnlySpan<float> x = first.Input(t);
            for (var j = 0; j <= last; j++)
            {
                layers[j].Forward(x, training: false);
                x = layers[j].Output;
            }
            if (t >= from)
            {
                foreach (var s in x)
                {
                    spikes += s;
                }
            }
        }
        return spikes;
    }

    /// <summary>Multiplies the layer's gain (its raw weights when it has no gain) by <paramref name="factor"/>.</summary>
    private static void Scale(DualExpLayer layer, double factor)
    {
        var values = (layer.Synapse.Gain ?? layer.Synapse.Weight).Value;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(values[i] * factor);
        }
        layer.RefreshWeights();
    }
}
