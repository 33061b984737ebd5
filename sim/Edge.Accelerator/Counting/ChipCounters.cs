using Edge.Accelerator.Chips;
using Edge.Accelerator.Mapping;

namespace Edge.Accelerator.Counting;

/// <summary>
/// Every count of a run, per phase and per core (host work per layer), and the time of every step.
/// Work is added to the current step; <see cref="EndStep"/> prices its time — the busiest core's
/// serialised events, plus the longest message route, the barrier and the host's work — and folds it
/// into the totals. All arrays are allocated once: counting allocates nothing.
/// </summary>
public sealed class ChipCounters
{
    private const int Phases = 2;
    private readonly int _cores;
    private readonly int _layers;
    private readonly long[] _totals;
    private readonly long[] _step;
    private readonly long[] _host;
    private readonly long[] _hostStep;
    private readonly double[] _latency;
    private readonly double _hostOpNs;
    private readonly double _barrierNs;
    private readonly double _hopEwNs;
    private readonly double _hopNsNs;
    private readonly double _hopChipNs;
    private readonly double[] _routeNs = new double[Phases];

    /// <summary>Creates the counters of a mapped network.</summary>
    public ChipCounters(NetworkMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        Mapping = mapping;
        var system = mapping.System;
        _cores = Math.Max(1, mapping.CoresUsed);
        _layers = mapping.Layers.Count;
        _totals = new long[Phases * Counters.Count * _cores];
        _step = new long[_totals.Length];
        _host = new long[Phases * Counters.HostCount * _layers];
        _hostStep = new long[Phases];
        _latency = new double[Counters.Count * _cores];
        for (var core = 0; core < mapping.CoresUsed; core++)
        {
            var shared = mapping.Layers[mapping.Cores[core].Layer].Encoding?.SharedWeights ?? false;
            for (var c = 0; c < Counters.Count; c++)
            {
                if (!Pricing.IsHop((Counter)c) && Pricing.EventOf((Counter)c, shared) is { } e)
                {
                    _latency[(c * _cores) + core] = system.Cost(e).LatencyNs ?? 0;
                }
            }
        }
        _hostOpNs = system.Cost(CostEvent.HostOp).LatencyNs ?? 0;
        _barrierNs = system.BarrierNs(mapping.TilesUsed);
        _hopEwNs = system.Cost(CostEvent.HopEastWest).LatencyNs ?? 0;
        _hopNsNs = system.Cost(CostEvent.HopNorthSouth).LatencyNs ?? 0;
        _hopChipNs = system.Cost(CostEvent.HopChip).LatencyNs ?? 0;
    }

    /// <summary>The mapping counted.</summary>
    public NetworkMapping Mapping { get; }

    /// <summary>The phase new work belongs to.</summary>
    public Phase Phase { get; set; }

    /// <summary>Steps ended.</summary>
    public long Steps { get; private set; }

    /// <summary>Samples counted (set by the runner).</summary>
    public long Samples { get; set; }

    /// <summary>Sum over steps of the step time with inference work only, in ns.</summary>
    public double InferenceNs { get; private set; }

    /// <summary>Sum over steps of the step time with all work (inference and learning), in ns.</summary>
    public double StepNs { get; private set; }

    /// <summary>Sum of the host's weight-update times, in ns.</summary>
    public double UpdateNs { get; private set; }

    /// <summary>Longest step with inference work only, in ns.</summary>
    public double MaxInferenceStepNs { get; private set; }

    /// <summary>Adds <paramref name="n"/> to counter <paramref name="c"/> of core <paramref name="core"/>.</summary>
    public void Add(Counter c, int core, long n) => _step[Index(Phase, c, core)] += n;

    /// <summary>Adds <paramref name="n"/> to counter <paramref name="c"/> of core <paramref name="core"/> in <paramref name="phase"/>.</summary>
    public void Add(Phase phase, Counter c, int core, long n) => _step[Index(phase, c, core)] += n;

    /// <summary>Counts the hops of <paramref name="times"/> messages sent from <paramref name="core"/> on <paramref name="route"/> and keeps the step's longest route.</summary>
    public void Route(int core, Route route, long times = 1)
    {
        var i = Index(Phase, Counter.HopsEastWest, core);
        _step[i] += route.EastWest * times;
        _step[i + _cores] += route.NorthSouth * times;
        _step[i + (2 * _cores)] += route.Chip * times;
        var ns = (route.EastWest * _hopEwNs) + (route.NorthSouth * _hopNsNs) + (route.Chip * _hopChipNs);
        if (ns > _routeNs[(int)Phase])
        {
            _routeNs[(int)Phase] = ns;
        }
    }

    /// <summary>Adds host work of layer <paramref name="layer"/>.</summary>
    public void Host(HostCounter c, int layer, long n)
    {
        _host[(((int)Phase * Counters.HostCount) + (int)c) * _layers + layer] += n;
        if (c == HostCounter.Ops)
        {
            _hostStep[(int)Phase] += n;
        }
    }

    /// <summary>Ends a time step: prices its time and folds its counts into the totals.</summary>
    public void EndStep()
    {
        double inference = 0, all = 0;
        for (var core = 0; core < _cores; core++)
        {
            var busyInference = Busy(Phase.Inference, core);
            inference = Math.Max(inference, busyInference);
            all = Math.Max(all, busyInference + Busy(Phase.Learning, core));
        }
        var inferenceNs = inference + _routeNs[0] + _barrierNs + (_hostStep[0] * _hostOpNs);
        var allNs = all + Math.Max(_routeNs[0], _routeNs[1]) + _barrierNs + ((_hostStep[0] + _hostStep[1]) * _hostOpNs);
        InferenceNs += inferenceNs;
        StepNs += allNs;
        MaxInferenceStepNs = Math.Max(MaxInferenceStepNs, inferenceNs);
        Steps++;
        Fold();
    }

    /// <summary>Ends the host's weight update between samples: its time is the host's operations.</summary>
    public void EndUpdate()
    {
        UpdateNs += (_hostStep[0] + _hostStep[1]) * _hostOpNs;
        Fold();
    }

    /// <summary>Total of counter <paramref name="c"/> on <paramref name="core"/> in <paramref name="phase"/>.</summary>
    public long Total(Phase phase, Counter c, int core) => core < Mapping.CoresUsed ? _totals[Index(phase, c, core)] : 0;

    /// <summary>Total of counter <paramref name="c"/> over every core in <paramref name="phase"/>.</summary>
    public long Total(Phase phase, Counter c)
    {
        long sum = 0;
        for (var core = 0; core < Mapping.CoresUsed; core++)
        {
            sum += _totals[Index(phase, c, core)];
        }
        return sum;
    }

    /// <summary>Total of counter <paramref name="c"/> over the cores of layer <paramref name="layer"/>.</summary>
    public long LayerTotal(Phase phase, Counter c, int layer)
    {
        long sum = 0;
        if (Mapping.Layers[layer].Partition is { } p)
        {
            for (var core = p.FirstCore; core < p.FirstCore + p.Cores; core++)
            {
                sum += _totals[Index(phase, c, core)];
            }
        }
        return sum;
    }

    /// <summary>Host work of layer <paramref name="layer"/>.</summary>
    public long HostTotal(Phase phase, HostCounter c, int layer) => _host[(((int)phase * Counters.HostCount) + (int)c) * _layers + layer];

    /// <summary>Host work over every layer.</summary>
    public long HostTotal(Phase phase, HostCounter c)
    {
        long sum = 0;
        for (var layer = 0; layer < _layers; layer++)
        {
            sum += HostTotal(phase, c, layer);
        }
        return sum;
    }

    private double Busy(Phase phase, int core)
    {
        double ns = 0;
        var offset = (int)phase * Counters.Count * _cores;
        for (var c = 0; c < Counters.Count; c++)
        {
            ns += _step[offset + (c * _cores) + core] * _latency[(c * _cores) + core];
        }
        return ns;
    }

    private void Fold()
    {
        for (var i = 0; i < _step.Length; i++)
        {
            _totals[i] += _step[i];
        }
        Array.Clear(_step);
        Array.Clear(_hostStep);
        Array.Clear(_routeNs);
    }

    private int Index(Phase phase, Counter c, int core) => ((((int)phase * Counters.Count) + (int)c) * _cores) + core;
}
