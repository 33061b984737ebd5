using Edge.Accelerator.Execution;

namespace Edge.Accelerator.Counting;

/// <summary>NeuroBench's metrics of a chip model's run (definitions in <see cref="NeuroBenchMetrics"/>).</summary>
internal static class NeuroBench
{
    public static NeuroBenchMetrics Of(ChipNetwork network)
    {
        var counters = network.Counters;
        var mapping = network.Mapping;
        var n = (double)Math.Max(1, counters.Samples);
        var steps = mapping.Spec.TimeSteps;
        long footprint = 0, zeros = 0, weights = 0, dense = 0, macs = 0, acs = 0, spikes = 0, neuronSteps = 0;
        foreach (var layer in mapping.Layers)
        {
            footprint += layer.MemoryBytes;
        }
        foreach (var core in mapping.Cores)
        {
            footprint += 6L * core.Neurons;
        }
        foreach (var stage in network.Stages)
        {
            if (stage is SynapticStage s)
            {
                zeros += s.Weights.Zeros;
                weights += s.Weights.Values.Length;
                if (s is LifStage { Recurrent: { } r })
                {
                    zeros += r.Zeros;
                    weights += r.Values.Length;
                }
                var instances = 0L;
                foreach (var k in s.SynapsesPerCore)
                {
                    instances += k;
                }
                dense += instances * steps;
                var effective = counters.LayerTotal(Phase.Inference, Counter.EffectiveSynops, stage.Index);
                var binaryInput = s.Mapping.Producer >= 0 && s.Mapping.FoldDivisor == 1;
                acs += binaryInput ? effective : 0;
                macs += binaryInput ? 0 : effective;
            }
            if (stage.Spiking)
            {
                spikes += counters.LayerTotal(Phase.Inference, Counter.Spikes, stage.Index);
                neuronSteps += (long)stage.OutputShape.Size * counters.Steps;
            }
        }
        return new NeuroBenchMetrics
        {
            FootprintBytes = footprint,
            ConnectionSparsity = weights == 0 ? 0 : zeros / (double)weights,
            ActivationSparsity = neuronSteps == 0 ? 0 : 1 - (spikes / (double)neuronSteps),
            SynopsDensePerSample = dense,
            EffectiveMacsPerSample = macs / n,
            EffectiveAcsPerSample = acs / n,
            MembraneUpdatesPerSample = counters.Total(Phase.Inference, Counter.MembraneUpdates) / n,
            SynUpdatesPerSample = counters.Total(Phase.Learning, Counter.SynUpdates) / n,
            TraceUpdatesPerSample = (counters.Total(Phase.Learning, Counter.TraceUpdatesPre) + counters.Total(Phase.Learning, Counter.TraceUpdatesPost)) / n,
            LearningSignalMessagesPerSample = counters.Total(Phase.Learning, Counter.LearningSignalMessages) / n,
            LearningEpochsPerSample = network.Learning ? mapping.Spec.EffectiveLearnSteps : 0,
        };
    }
}
