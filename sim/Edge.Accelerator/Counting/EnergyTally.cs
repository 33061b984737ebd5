using Edge.Accelerator.Chips;
using Edge.Accelerator.Mapping;

namespace Edge.Accelerator.Counting;

/// <summary>
/// Counts × unit costs: the energy of every cost event in each phase, for the whole system or one
/// layer (its cores and its host work), and the events that occurred but have no published energy.
/// </summary>
public sealed class EnergyTally
{
    private readonly double[] _pj = new double[2 * CostEvents.Count];
    private readonly SortedSet<string> _unpriced = new(StringComparer.Ordinal);

    /// <summary>Prices the counts of <paramref name="counters"/>; <paramref name="layer"/> restricts to one layer (the barrier is system-wide).</summary>
    public static EnergyTally Of(ChipCounters counters, int? layer = null)
    {
        ArgumentNullException.ThrowIfNull(counters);
        var tally = new EnergyTally();
        var mapping = counters.Mapping;
        var system = mapping.System;
        for (var phase = 0; phase < 2; phase++)
        {
            var ph = (Phase)phase;
            foreach (var core in mapping.Cores)
            {
                if (layer is { } l && core.Layer != l)
                {
                    continue;
                }
                var shared = mapping.Layers[core.Layer].Encoding?.SharedWeights ?? false;
                for (var c = 0; c < Counters.Count; c++)
                {
                    if (Pricing.EventOf((Counter)c, shared) is { } e)
                    {
                        tally.Add(ph, e, counters.Total(ph, (Counter)c, core.Index), system);
                    }
                }
            }
            for (var i = 0; i < mapping.Layers.Count; i++)
            {
                if (layer is { } l && i != l)
                {
                    continue;
                }
                tally.Add(ph, CostEvent.HostOp, counters.HostTotal(ph, HostCounter.Ops, i), system);
                tally.Add(ph, CostEvent.HostTransferByte, counters.HostTotal(ph, HostCounter.TransferBytes, i), system);
            }
        }
        if (layer is null)
        {
            tally.Add(Phase.Inference, CostEvent.Barrier, counters.Steps, system);
        }
        return tally;
    }

    /// <summary>Energy of <paramref name="e"/> in <paramref name="phase"/>, in pJ.</summary>
    public double Picojoules(Phase phase, CostEvent e) => _pj[((int)phase * CostEvents.Count) + (int)e];

    /// <summary>Energy of a phase, in pJ.</summary>
    public double Picojoules(Phase phase)
    {
        double sum = 0;
        for (var e = 0; e < CostEvents.Count; e++)
        {
            sum += _pj[((int)phase * CostEvents.Count) + e];
        }
        return sum;
    }

    /// <summary>Host energy (operations and transfers) of a phase, in pJ.</summary>
    public double HostPicojoules(Phase phase) => Picojoules(phase, CostEvent.HostOp) + Picojoules(phase, CostEvent.HostTransferByte);

    /// <summary>Events that occurred without a published energy, by name.</summary>
    public IReadOnlyCollection<string> Unpriced => _unpriced;

    /// <summary>Adds <paramref name="count"/> events priced by <paramref name="system"/>.</summary>
    public void Add(Phase phase, CostEvent e, long count, SystemDescription system)
    {
        ArgumentNullException.ThrowIfNull(system);
        if (count == 0)
        {
            return;
        }
        if (system.Cost(e).EnergyPj is { } pj)
        {
            _pj[((int)phase * CostEvents.Count) + (int)e] += count * pj;
        }
        else
        {
            _unpriced.Add(CostEvents.Name(e));
        }
    }
}
