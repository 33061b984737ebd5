using Edge.Accelerator.Counting;
using Edge.Accelerator.Mapping;
using Edge.Runtime.Specs;

namespace Edge.Accelerator.Execution;

/// <summary>
/// Max pooling. Of spikes, on cores: one OR neuron per output (weight 1 from each input of its window,
/// threshold ½, no memory), which fires exactly when the window holds a spike — the max of spikes.
/// Of graded values (event counts), on the host. The learning signal goes to the first maximum of the
/// window in row-major order (the top-left input when none spiked), as PyTorch routes it; on cores the
/// pool neuron routes it by priority to the input that fired first in that order [A].
/// </summary>
internal sealed class PoolStage : ChipStage
{
    private readonly int _k;
    private readonly int _s;
    private readonly SpikeRouter? _router;
    private readonly Partition? _p;
    private readonly bool _dense;

    public PoolStage(NetworkMapping mapping, LayerMapping layer, TensorShape input, TensorShape output) : base(layer, input, output)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        _k = layer.Spec.Kernel;
        _s = layer.Spec.Stride;
        if (layer.Partition is { } p)
        {
            _p = p;
            _router = new SpikeRouter(mapping, layer.Index, recurrent: false);
            _dense = mapping.System.Chip.Execution == Chips.ExecutionStyle.Dense;
        }
    }

    /// <inheritdoc />
    public override bool Spiking => _p is not null;

    /// <inheritdoc />
    public override void Forward(ReadOnlySpan<int> input, ChipCounters counters)
    {
        int c = InputShape.C, w = InputShape.W, ho = OutputShape.H, wo = OutputShape.W;
        for (var y = 0; y < ho; y++)
        {
            for (var x = 0; x < wo; x++)
            {
                for (var ch = 0; ch < c; ch++)
                {
                    var best = int.MinValue;
                    var inputs = 0;
                    for (var ky = 0; ky < _k; ky++)
                    {
                        for (var kx = 0; kx < _k; kx++)
                        {
                            var v = input[(((((y * _s) + ky) * w) + (x * _s) + kx) * c) + ch];
                            best = Math.Max(best, v);
                            inputs += v;
                        }
                    }
                    var i = (((y * wo) + x) * c) + ch;
                    if (_p is not { } p)
                    {
                        Output[i] = best;
                        counters.Host(HostCounter.Ops, Index, _k * _k);
                        continue;
                    }
                    var core = p.CoreOf(y, x, ch);
                    var fires = inputs > 0;
                    Output[i] = fires ? 1 : 0;
                    counters.Add(Counter.Synops, core, _dense ? _k * _k : inputs);
                    counters.Add(fires ? Counter.NeuronUpdatesActive : Counter.NeuronUpdatesIdle, core, 1);
                    counters.Add(Counter.MembraneUpdates, core, fires ? 1 : 0);
                    if (fires)
                    {
                        _router!.Spike(core, y, x, ch, counters);
                    }
                }
            }
        }
    }

    /// <inheritdoc />
    public override void Backward(ReadOnlySpan<int> input, ReadOnlySpan<float> gradOutput, Span<float> gradInput, bool needInput, ChipCounters counters)
    {
        if (!needInput)
        {
            return;
        }
        int c = InputShape.C, w = InputShape.W, ho = OutputShape.H, wo = OutputShape.W;
        gradInput[..InputShape.Size].Clear();
        for (var y = 0; y < ho; y++)
        {
            for (var x = 0; x < wo; x++)
            {
                for (var ch = 0; ch < c; ch++)
                {
                    var l = gradOutput[(((y * wo) + x) * c) + ch];
                    if (l == 0)
                    {
                        continue;
                    }
                    var at = ((((y * _s) * w) + (x * _s)) * c) + ch;
                    var best = input[at];
                    for (var ky = 0; ky < _k; ky++)
                    {
                        for (var kx = 0; kx < _k; kx++)
                        {
                            var j = (((((y * _s) + ky) * w) + (x * _s) + kx) * c) + ch;
                            if (input[j] > best)
                            {
                                best = input[j];
                                at = j;
                            }
                        }
                    }
                    gradInput[at] += l;
                    if (_p is { } p)
                    {
                        counters.Add(Counter.FeedbackSynops, p.CoreOf(y, x, ch), 1);
                    }
                    else
                    {
                        counters.Host(HostCounter.Ops, Index, _k * _k);
                    }
                }
            }
        }
    }
}
