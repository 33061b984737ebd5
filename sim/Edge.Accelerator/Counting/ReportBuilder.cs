using Edge.Accelerator.Chips;
using Edge.Accelerator.Execution;
using Edge.Accelerator.Mapping;

namespace Edge.Accelerator.Counting;

/// <summary>Turns a run's counts into the <see cref="AcceleratorReport"/>: per-sample figures, energy, latency, metrics.</summary>
public static class ReportBuilder
{
    /// <summary>Builds the report of everything <paramref name="network"/> counted.</summary>
    public static AcceleratorReport Build(ChipNetwork network, string source, double accuracy)
    {
        ArgumentNullException.ThrowIfNull(network);
        var counters = network.Counters;
        var mapping = network.Mapping;
        var system = mapping.System;
        var spec = mapping.Spec;
        var n = (double)Math.Max(1, counters.Samples);
        var steps = Math.Max(1, counters.Steps);
        var tally = EnergyTally.Of(counters);
        var unpriced = new SortedSet<string>(tally.Unpriced, StringComparer.Ordinal);

        var learningNs = counters.StepNs + counters.UpdateNs;
        var staticPj = 0.0;
        var staticLearningPj = 0.0;
        if (system.Chip.StaticPowerMwPerCore is { } mw)
        {
            // mW × ns = pJ
            staticPj = mw * mapping.CoresUsed * counters.InferenceNs;
            staticLearningPj = mw * mapping.CoresUsed * Math.Max(0, learningNs - counters.InferenceNs);
        }
        else
        {
            unpriced.Add("static_power");
        }
        var inferenceUj = (tally.Picojoules(Phase.Inference) + staticPj) / n / 1e6;
        var learningUj = (tally.Picojoules(Phase.Learning) + staticLearningPj) / n / 1e6;
        var totalUj = inferenceUj + learningUj;
        var depth = 0;
        foreach (var layer in mapping.Layers)
        {
            depth += layer.OnCores ? 1 : 0;
        }
        var stepUs = counters.InferenceNs / steps / 1e3;
        var learningStepUs = counters.StepNs / steps / 1e3;
        return new AcceleratorReport
        {
            Preset = system.Name,
            Network = spec.Name,
            Source = source,
            Samples = counters.Samples,
            TimeSteps = spec.TimeSteps,
            LearnSteps = spec.EffectiveLearnSteps,
            Chips = mapping.ChipsUsed,
            CoresUsed = mapping.CoresUsed,
            CoresAvailable = system.Cores,
            TilesUsed = mapping.TilesUsed,
            EnergyUjPerSample = totalUj,
            InferenceEnergyUjPerSample = inferenceUj,
            LearningEnergyUjPerSample = learningUj,
            HostEnergyUjPerSample = (tally.HostPicojoules(Phase.Inference) + tally.HostPicojoules(Phase.Learning)) / n / 1e6,
            StaticEnergyUjPerSample = (staticPj + staticLearningPj) / n / 1e6,
            LearningEnergyShare = totalUj > 0 ? learningUj / totalUj : 0,
            LatencyUsPerStep = stepUs,
            LearningLatencyUsPerStep = learningStepUs,
            LatencyUsPerSample = (spec.TimeSteps + Math.Max(0, depth - 1)) * stepUs,
            LearningLatencyUsPerSample = (learningNs / n / 1e3) + (Math.Max(0, depth - 1) * stepUs),
            SynopsPerSample = counters.Total(Phase.Inference, Counter.Synops) / n,
            Accuracy = accuracy,
            Unpriced = [.. unpriced],
            UnpricedLatency = UnpricedLatency(counters),
            CountsPerSample = Counts(counters, Phase.Inference, n),
            LearningCountsPerSample = Counts(counters, Phase.Learning, n),
            InferenceEnergyUjByEvent = ByEvent(tally, Phase.Inference, n),
            LearningEnergyUjByEvent = ByEvent(tally, Phase.Learning, n),
            NeuroBench = NeuroBench.Of(network),
            Bptt = BpttPricing.Compare(network, tally, inferenceUj, learningUj, totalUj, unpriced),
            Rule = StllrOnChip.Describe(network),
            Layers = Layers(counters, n),
            Cores = Cores(counters, n),
            SaturationsPerSample = (counters.Total(Phase.Inference, Counter.Saturations) + counters.Total(Phase.Learning, Counter.Saturations)) / n,
        };
    }

    private static Dictionary<string, double> Counts(ChipCounters counters, Phase phase, double n)
    {
        var counts = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var c = 0; c < Counting.Counters.Count; c++)
        {
            var total = counters.Total(phase, (Counter)c);
            if (total != 0)
            {
                counts[Counting.Counters.Name((Counter)c)] = total / n;
            }
        }
        var ops = counters.HostTotal(phase, HostCounter.Ops);
        var bytes = counters.HostTotal(phase, HostCounter.TransferBytes);
        if (ops != 0)
        {
            counts["host_ops"] = ops / n;
        }
        if (bytes != 0)
        {
            counts["host_transfer_bytes"] = bytes / n;
        }
        return counts;
    }

    private static Dictionary<string, double> ByEvent(EnergyTally tally, Phase phase, double n)
    {
        var energy = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var e = 0; e < CostEvents.Count; e++)
        {
            var pj = tally.Picojoules(phase, (CostEvent)e);
            if (pj != 0)
            {
                energy[CostEvents.Name((CostEvent)e)] = pj / n / 1e6;
            }
        }
        return energy;
    }

    private static List<string> UnpricedLatency(ChipCounters counters)
    {
        var system = counters.Mapping.System;
        var names = new SortedSet<string>(StringComparer.Ordinal);
        for (var phase = 0; phase < 2; phase++)
        {
            for (var c = 0; c < Counting.Counters.Count; c++)
            {
                if (counters.Total((Phase)phase, (Counter)c) == 0)
                {
                    continue;
                }
                foreach (var shared in (ReadOnlySpan<bool>)[false, true])
                {
                    if (Pricing.EventOf((Counter)c, shared) is { } e && system.Cost(e).LatencyNs is null && UsesEncoding(counters.Mapping, shared, (Counter)c))
                    {
                        names.Add(CostEvents.Name(e));
                    }
                }
            }
        }
        if (system.Barrier.Count == 0)
        {
            names.Add("barrier");
        }
        return [.. names];
    }

    private static bool UsesEncoding(NetworkMapping mapping, bool shared, Counter c)
    {
        if (c != Counter.Synops)
        {
            return !shared;
        }
        foreach (var layer in mapping.Layers)
        {
            if (layer.Encoding is { } e && e.SharedWeights == shared)
            {
                return true;
            }
        }
        return false;
    }

    private static List<LayerReport> Layers(ChipCounters counters, double n)
    {
        var mapping = counters.Mapping;
        var layers = new List<LayerReport>(mapping.Layers.Count);
        foreach (var layer in mapping.Layers)
        {
            var i = layer.Index;
            var tally = EnergyTally.Of(counters, i);
            long neurons = 0;
            if (layer.Partition is { } p)
            {
                for (var core = p.FirstCore; core < p.FirstCore + p.Cores; core++)
                {
                    neurons += mapping.Cores[core].Neurons;
                }
            }
            layers.Add(new LayerReport
            {
                Layer = i,
                Type = Mapper.Kind(layer.Spec.Kind),
                Mapping = MappingKinds.Name(layer.Kind),
                How = layer.How,
                Cores = layer.Cores,
                Encoding = layer.Encoding?.Name,
                Neurons = neurons,
                SynapseEntries = layer.SynapseEntries,
                MemoryBytes = layer.MemoryBytes,
                SynopsPerSample = counters.LayerTotal(Phase.Inference, Counter.Synops, i) / n,
                SpikesPerSample = counters.LayerTotal(Phase.Inference, Counter.Spikes, i) / n,
                SynUpdatesPerSample = counters.LayerTotal(Phase.Learning, Counter.SynUpdates, i) / n,
                HostOpsPerSample = (counters.HostTotal(Phase.Inference, HostCounter.Ops, i) + counters.HostTotal(Phase.Learning, HostCounter.Ops, i)) / n,
                InferenceEnergyUj = tally.Picojoules(Phase.Inference) / n / 1e6,
                LearningEnergyUj = tally.Picojoules(Phase.Learning) / n / 1e6,
            });
        }
        return layers;
    }

    private static List<CoreReport> Cores(ChipCounters counters, double n)
    {
        var mapping = counters.Mapping;
        var chip = mapping.System.Chip;
        var cores = new List<CoreReport>(mapping.CoresUsed);
        foreach (var core in mapping.Cores)
        {
            var i = core.Index;
            cores.Add(new CoreReport
            {
                Core = i,
                Chip = core.Chip,
                TileX = core.TileX,
                TileY = core.TileY,
                Layer = core.Layer,
                Neurons = core.Neurons,
                NeuronUse = core.NeuronUse(chip.NeuronsPerCore),
                MemoryBytes = core.MemoryBytes,
                MemoryUse = core.MemoryUse(chip.SynapticMemoryBytes),
                FanInUse = core.FanInAxons / (double)chip.FanInAxons,
                FanOutUse = core.FanOutAxons / (double)chip.FanOutAxons,
                SynopsPerSample = counters.Total(Phase.Inference, Counter.Synops, i) / n,
                MemoryReadBytesPerSample = (counters.Total(Phase.Inference, Counter.MemoryReadBytes, i) + counters.Total(Phase.Learning, Counter.MemoryReadBytes, i)) / n,
                MemoryWriteBytesPerSample = (counters.Total(Phase.Inference, Counter.MemoryWriteBytes, i) + counters.Total(Phase.Learning, Counter.MemoryWriteBytes, i)) / n,
            });
        }
        return cores;
    }
}
