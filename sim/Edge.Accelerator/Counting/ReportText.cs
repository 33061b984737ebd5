using System.Globalization;
using Edge.Accelerator.Agreement;

namespace Edge.Accelerator.Counting;

/// <summary>The human-readable form of a report: short tables, invariant culture.</summary>
public static class ReportText
{
    /// <summary>Lines describing <paramref name="r"/>.</summary>
    public static IEnumerable<string> Lines(AcceleratorReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        yield return I($"{r.Network} on {r.Preset}: {r.Chips} chip(s), {r.CoresUsed} of {r.CoresAvailable} cores, {r.TilesUsed} tiles; {r.Samples} sample(s) of {r.Source}, T = {r.TimeSteps}, T_l = {r.LearnSteps}");
        yield return "";
        yield return "mapping";
        foreach (var l in r.Layers)
        {
            yield return I($"  {l.Layer,2} {l.Type,-15} {l.Mapping,-25} {l.Cores,5} cores {Bytes(l.MemoryBytes),10}  {l.How}");
        }
        if (r.Cores.Count > 0)
        {
            double neurons = 0, memory = 0, maxMemory = 0, maxFanIn = 0, maxFanOut = 0;
            foreach (var c in r.Cores)
            {
                neurons += c.NeuronUse;
                memory += c.MemoryUse;
                maxMemory = Math.Max(maxMemory, c.MemoryUse);
                maxFanIn = Math.Max(maxFanIn, c.FanInUse);
                maxFanOut = Math.Max(maxFanOut, c.FanOutUse);
            }
            yield return I($"  per core: neurons {neurons / r.Cores.Count:P0} used on average, memory {memory / r.Cores.Count:P0} (fullest {maxMemory:P0}), fan-in at most {maxFanIn:P1}, fan-out at most {maxFanOut:P1}");
        }
        yield return "";
        yield return I($"energy per sample: {r.EnergyUjPerSample:N1} µJ learning (S-TLLR on the chip) = inference {r.InferenceEnergyUjPerSample:N1} µJ + learning {r.LearningEnergyUjPerSample:N1} µJ (share {r.LearningEnergyShare:0.00})");
        yield return I($"  of which host {r.HostEnergyUjPerSample:N1} µJ and static {r.StaticEnergyUjPerSample:N1} µJ; inference alone: {r.InferenceEnergyUjPerSample:N1} µJ");
        yield return I($"latency: {r.LatencyUsPerStep:N1} µs per step ({r.LatencyUsPerSample:N0} µs per sample); with learning {r.LearningLatencyUsPerStep:N1} µs per step ({r.LearningLatencyUsPerSample:N0} µs per sample, host update included)");
        yield return I($"synaptic ops per sample: {r.SynopsPerSample:N0}; prequential accuracy on the chip: {r.Accuracy:0.000}; saturations per sample: {r.SaturationsPerSample:N0}");
        yield return "";
        yield return "per layer (per sample)            synops        spikes   syn updates    host ops   inference µJ   learning µJ";
        foreach (var l in r.Layers)
        {
            yield return I($"  {l.Layer,2} {l.Type,-15} {l.SynopsPerSample,18:N0} {l.SpikesPerSample,13:N0} {l.SynUpdatesPerSample,13:N0} {l.HostOpsPerSample,11:N0} {l.InferenceEnergyUj,14:N2} {l.LearningEnergyUj,13:N2}");
        }
        yield return "";
        yield return "counts per sample                  inference      learning";
        var names = new SortedSet<string>(r.CountsPerSample.Keys, StringComparer.Ordinal);
        names.UnionWith(r.LearningCountsPerSample.Keys);
        foreach (var name in names)
        {
            yield return I($"  {name,-26} {Get(r.CountsPerSample, name),15:N0} {Get(r.LearningCountsPerSample, name),13:N0}");
        }
        yield return "";
        yield return "energy per sample by event (µJ)    inference      learning";
        names = new SortedSet<string>(r.InferenceEnergyUjByEvent.Keys, StringComparer.Ordinal);
        names.UnionWith(r.LearningEnergyUjByEvent.Keys);
        foreach (var name in names)
        {
            yield return I($"  {name,-26} {Get(r.InferenceEnergyUjByEvent, name),15:N3} {Get(r.LearningEnergyUjByEvent, name),13:N3}");
        }
        yield return I($"  unpriced (occurred, no published energy): {(r.Unpriced.Count == 0 ? "none" : string.Join(", ", r.Unpriced))}");
        yield return I($"  unpriced latency: {(r.UnpricedLatency.Count == 0 ? "none" : string.Join(", ", r.UnpricedLatency))}");
        yield return "";
        var nb = r.NeuroBench;
        yield return I($"NeuroBench: footprint {Bytes(nb.FootprintBytes)}, connection sparsity {nb.ConnectionSparsity:0.000}, activation sparsity {nb.ActivationSparsity:0.000}");
        yield return I($"  synaptic ops per sample: dense {nb.SynopsDensePerSample:N0}, effective MACs {nb.EffectiveMacsPerSample:N0}, effective ACs {nb.EffectiveAcsPerSample:N0}; membrane updates {nb.MembraneUpdatesPerSample:N0}");
        yield return I($"  learning: {nb.SynUpdatesPerSample:N0} synapse updates, {nb.TraceUpdatesPerSample:N0} trace updates, {nb.LearningSignalMessagesPerSample:N0} learning-signal messages, {nb.LearningEpochsPerSample} epochs");
        var b = r.Bptt;
        yield return I($"S-TLLR against BPTT on {r.Preset}: learning {b.StllrLearningEnergyUj:N1} µJ against {b.BpttLearningEnergyUj:N1} µJ; whole sample {b.StllrEnergyUjPerSample:N1} against {b.BpttEnergyUjPerSample:N1} µJ (BPTT {b.EnergyRatio:0.00}×)");
        yield return I($"  state: S-TLLR {Bytes(b.StllrLearningStateBytes)} of traces on the cores; BPTT {Bytes(b.BpttHistoryBytes)} of history off-chip ({b.BpttDramAccesses:N0} DRAM accesses); {b.Method}");
        if (r.Rule.Terms.Count > 0)
        {
            yield return "";
            yield return "learning engine (sum of products; x0 input, x1 its trace, y1 trace of Ψ, y2 learning signal, y3 Ψ):";
            foreach (var t in r.Rule.Terms)
            {
                yield return "  " + t;
            }
            yield return "where the chip cannot express S-TLLR exactly:";
            foreach (var t in r.Rule.Inexact)
            {
                yield return "  - " + t;
            }
        }
    }

    /// <summary>Lines describing an agreement run.</summary>
    public static IEnumerable<string> Lines(AgreementResult r, string preset, string network, long trainSamples, double trainAccuracy, bool pass)
    {
        ArgumentNullException.ThrowIfNull(r);
        yield return I($"{network} on {preset}: the CPU runtime learned {trainSamples} samples online (accuracy {trainAccuracy:0.000}); then {r.Samples} held-out samples with the same weights:");
        yield return "  layer                 F1 isolated   F1 end-to-end   CPU spikes   chip spikes   spike rate";
        for (var i = 0; i < r.Layers.Count; i++)
        {
            var e = r.Layers[i];
            var a = r.IsolatedLayers[i];
            yield return I($"  {e.Layer,2} {e.Kind,-18} {a.F1,11:0.0000} {e.F1,15:0.0000} {e.ReferenceSpikes,12:N0} {e.ChipSpikes,13:N0} {e.SpikeRate,12:0.000}");
        }
        yield return I($"  accuracy: CPU {r.ReferenceAccuracy:0.000}, chip {r.ChipAccuracy:0.000} ({r.AccuracyGapPoints:0.0} points apart); same prediction on {r.PredictionAgreement:P1} of the samples");
        if (r.Learning is { } l)
        {
            yield return I($"  learning online from the same start ({l.Samples} samples): CPU {l.ReferenceAccuracy:0.000} (last 20 %: {l.ReferenceLast20:0.000}), chip {l.ChipAccuracy:0.000} (last 20 %: {l.ChipLast20:0.000})");
        }
        yield return pass
            ? "PASS: every layer's isolated F1 ≥ 0.99 and the accuracies within 1 point"
            : "FAIL: a layer's isolated F1 < 0.99 or the accuracies more than 1 point apart";
    }

    private static double Get(IReadOnlyDictionary<string, double> d, string key) => d.TryGetValue(key, out var v) ? v : 0;

    private static string Bytes(long bytes) => bytes switch
    {
        >= 1 << 30 => I($"{bytes / (double)(1 << 30):0.0} GiB"),
        >= 1 << 20 => I($"{bytes / (double)(1 << 20):0.0} MiB"),
        >= 1 << 10 => I($"{bytes / 1024.0:0.0} KiB"),
        _ => I($"{bytes} B"),
    };

    private static string I(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
