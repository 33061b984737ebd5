using Edge.Accelerator.Chips;
using Edge.Accelerator.Execution;

namespace Edge.Accelerator.Counting;

/// <summary>
/// Prices BPTT on the same system from this run's measured S-TLLR learning: the same forward pass;
/// the T-step history (input spikes as bits and 24-bit membranes of every spiking layer) written to
/// off-chip DRAM during the forward pass and read back in reverse; a backward pass over all T steps
/// instead of the last T_l (the measured feedback operations and learning-signal messages × T/T_l, one
/// product term per effective synapse update × T/T_l, one temporal-credit update per neuron and step,
/// priced as a post-trace update); the same host update [A].
/// </summary>
internal static class BpttPricing
{
    public static BpttComparison Compare(ChipNetwork network, EnergyTally tally, double inferenceUj, double stllrLearningUj, double stllrTotalUj, ISet<string> unpriced)
    {
        var counters = network.Counters;
        var system = network.Mapping.System;
        var spec = network.Mapping.Spec;
        var n = Math.Max(1, counters.Samples);
        var scale = spec.TimeSteps / (double)Math.Max(1, spec.EffectiveLearnSteps);
        long history = 0, traces = 0, neurons = 0;
        foreach (var stage in network.Stages)
        {
            if (stage is not LifStage lif)
            {
                continue;
            }
            var inputs = lif.InputShape.Size;
            var cells = lif.OutputShape.Size;
            var recurrent = lif.Recurrent is not null ? cells : 0;
            history += ((inputs + recurrent + 7) / 8) + (3L * cells);
            traces += inputs + cells + recurrent;
            neurons += cells;
        }
        history *= spec.TimeSteps;
        var accesses = 2 * ((history + 7) / 8);
        var bptt = new EnergyTally();
        var learning = Phase.Learning;
        bptt.Add(learning, CostEvent.FeedbackSynop, Scaled(counters.Total(learning, Counter.FeedbackSynops), scale, n), system);
        bptt.Add(learning, CostEvent.LearningSignalMessage, Scaled(counters.Total(learning, Counter.LearningSignalMessages), scale, n), system);
        bptt.Add(learning, CostEvent.SynUpdateTerm, Scaled(counters.Total(learning, Counter.SynUpdates), scale, n), system);
        bptt.Add(learning, CostEvent.TraceUpdatePost, neurons * spec.TimeSteps, system);
        bptt.Add(learning, CostEvent.DramAccess64, accesses, system);
        bptt.Add(learning, CostEvent.HostTransferByte, 2 * history, system);
        var updatePj = (tally.Picojoules(learning, CostEvent.HostOp) + tally.Picojoules(learning, CostEvent.HostTransferByte) +
            tally.Picojoules(learning, CostEvent.MemoryRead64) + tally.Picojoules(learning, CostEvent.MemoryWrite64)) / n;
        var bpttLearningUj = (bptt.Picojoules(learning) + updatePj) / 1e6;
        foreach (var e in bptt.Unpriced)
        {
            unpriced.Add(e);
        }
        var bpttTotal = inferenceUj + bpttLearningUj;
        return new BpttComparison
        {
            StllrLearningEnergyUj = stllrLearningUj,
            BpttLearningEnergyUj = bpttLearningUj,
            StllrEnergyUjPerSample = stllrTotalUj,
            BpttEnergyUjPerSample = bpttTotal,
            EnergyRatio = stllrTotalUj > 0 ? bpttTotal / stllrTotalUj : 0,
            StllrLearningStateBytes = traces,
            BpttHistoryBytes = history,
            BpttDramAccesses = accesses,
            Method = "same forward pass; history of T steps (input spikes as bits, 24-bit membranes) to off-chip DRAM and back " +
                "(dram_access_64b, chip-host transfer); backward over all T steps scaled from this run's S-TLLR learning steps " +
                "(feedback synops and learning-signal messages × T/T_l, one product term per effective synapse update × T/T_l), " +
                "one temporal-credit update per neuron and step (priced as trace_update_post), the same host update; " +
                "static energy of the longer run not included [A]",
        };
    }

    private static long Scaled(long total, double scale, long samples) => (long)Math.Round(total * scale / samples);
}
