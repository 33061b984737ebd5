using Edge.Runtime.Kernels;
using Edge.Runtime.Layers;
using Edge.Runtime.Memory;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Learning.Rules;

/// <summary>
/// The rules that backpropagate through time, over windows of K steps and local blocks of layers:
/// <list type="bullet">
/// <item><c>bptt</c>: one window of T steps, one block — the official BPTT baselines: cross-entropy
/// of the logits summed over T, one backward through every step and layer, one update.</item>
/// <item><c>bpsta</c>: the same on HTGLIF neurons, whose backward carries BP-STA's adjustments.</item>
/// <item><c>event-driven</c>: the same on dual-exponential neurons with the spike-event backward;
/// its first sample only calibrates the layers' gains (the official data-dependent initialisation).</item>
/// <item><c>ttl-bptt</c>: windows of K steps (the temporal truncation: states carry on, gradients do
/// not cross a window) and blocks of spiking layers, each ending with an auxiliary classifier, its
/// input detached (the spatial locality); each block learns from the loss of its classifier summed
/// over the window, and the update is applied as soon as the window ends.</item>
/// </list>
/// Every step's inputs and neuron state are kept for the window, so the history is sized when the
/// learner is built (K, or T for the full-BPTT rules) and reported as temporal state.
/// </summary>
public sealed class ThroughTimeLearner : RuleLearner, IMacSchedule
{
    private readonly Backprop _backprop;
    private readonly Block[] _blocks;
    private readonly Layer[] _layers;
    private readonly int _window;
    private readonly float[] _logitSum;
    private readonly float[] _logitGrad;
    private readonly float[] _auxGrad;
    private readonly EventDrivenThroughTime? _calibrationSource;
    private readonly Rng _rng;
    private int _pending;
    private bool _calibrated;

    private readonly record struct Block(int First, int Last, AuxiliaryHead? Head);

    private readonly IOutputLoss? _loss;

    private ThroughTimeLearner(Network network, string rule, int timeSteps, int window, Block[] blocks, LayerLearning[] layers, IOutputLoss? loss)
        : base(network, rule, timeSteps, HeadParameters(blocks))
    {
        _loss = loss;
        _window = window;
        _blocks = blocks;
        _layers = [.. network.Layers];
        _backprop = new Backprop(network, layers, network.Ledger);
        var ledger = network.Ledger;
        _logitSum = ledger.Floats(MemoryCategory.TemporalState, network.Batch * Classes);
        _logitGrad = ledger.Floats(MemoryCategory.Scratch, network.Batch * Classes);
        _auxGrad = ledger.Floats(MemoryCategory.Scratch, network.Batch * Classes);
        _rng = Rng.Derive(network.Options.Seed, 4);
        if (rule == "event-driven" && network.Spec.Learning.RuleOptions.EventInitSpikes > 0f)
        {
            _calibrationSource = layers[0] as EventDrivenThroughTime
                ?? throw new SpecException("$.layers[0]", "the event-driven rule calibrates its layers from the first layer's input: the first layer must be spiking");
        }
    }

    /// <summary>
    /// Builds the learner of <paramref name="rule"/> (bptt, bpsta, event-driven or ttl-bptt) for up
    /// to <paramref name="timeSteps"/> steps per sample; the network must have the rule's neurons.
    /// With an output <paramref name="loss"/> (bptt only) the window learns that loss on its last
    /// step's output, backpropagated through every step, instead of cross-entropy on the summed logits.
    /// </summary>
    /// <exception cref="SpecException">A layer the rule cannot train, or a loss or graph the rule does not take.</exception>
    public static ThroughTimeLearner Create(Network network, string rule, int timeSteps, IOutputLoss? loss = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(timeSteps);
        var options = network.Spec.Learning.RuleOptions;
        var local = rule == "ttl-bptt";
        if (loss is not null && rule != "bptt")
        {
            throw new SpecException("--rule", $"the {rule} rule learns class labels only; a loss on the output (flow) is learned with stllr or bptt");
        }
        if (local && network.Spec.IsGraph)
        {
            throw new SpecException("--rule", "ttl-bptt cuts a list of layers into blocks; a network whose layers have inputs (a graph) learns with stllr or bptt");
        }
        var window = local ? Math.Min(options.Truncation, timeSteps) : timeSteps;
        var ledger = network.Ledger;
        var topSpiking = -1;
        foreach (var layer in network.Layers)
        {
            topSpiking = layer.Spec.IsSpiking ? layer.Index : topSpiking;
        }
        var layers = LayersOf(network, layer => layer switch
        {
            LifLayer lif when rule is "bptt" or "ttl-bptt" => new LifThroughTime(lif, window, ledger),
            HtglifLayer htglif when rule == "bpsta" => new HtglifThroughTime(htglif, window, ledger),
            DualExpLayer dual when rule == "event-driven" => new EventDrivenThroughTime(dual, window, options, dual.Index == topSpiking, ledger),
            ReadoutLinear or ReadoutLeaky or ReadoutFlow => new ReadoutThroughTime(layer, window, ledger),
            MaxPool2d pool => new MaxPoolThroughTime(pool, window, ledger),
            AvgPool2d or GlobalAvgPool or Flatten or Dropout or UpsampleNearest or MergeLayer => new StatelessLearning(layer),
            _ => throw Unsupported(layer, rule),
        });
        var blocks = local ? LocalBlocks(network, options.BlockSize, ledger) : [new Block(0, network.Layers.Count - 1, null)];
        return new ThroughTimeLearner(network, rule, timeSteps, window, blocks, layers, loss);
    }

    /// <inheritdoc />
    public override int LearnSteps => TimeSteps;

    /// <inheritdoc />
    public override int StepsBeforeUpdate => _window;

    /// <summary>Steps per backward window (K; T for the full-BPTT rules).</summary>
    public int Window => _window;

    /// <summary>Local blocks as (first layer, last layer) index pairs; one block for the full-BPTT rules.</summary>
    public IReadOnlyList<(int First, int Last)> Blocks
    {
        get
        {
            var list = new List<(int, int)>();
            foreach (var b in _blocks)
            {
                list.Add((b.First, b.Last));
            }
            return list;
        }
    }

    /// <inheritdoc />
    protected override void OnBeginSample()
    {
        _backprop.ResetSample();
        StartWindow();
    }

    /// <inheritdoc />
    public override ReadOnlySpan<float> Step(ReadOnlySpan<float> input, int t)
    {
        if ((uint)t >= (uint)TimeSteps)
        {
            throw new ArgumentOutOfRangeException(nameof(t), $"step {t}: the learner was built for T = {TimeSteps} steps (its history is sized for them)");
        }
        var logits = Network.Step(input, training: true);
        _backprop.AfterForward(_pending);
        foreach (var block in _blocks)
        {
            block.Head?.Accumulate(_layers[block.Last].Output);
        }
        System.Numerics.Tensors.TensorPrimitives.Add(_logitSum, logits, _logitSum);
        _pending++;
        if (_pending == _window || t == TimeSteps - 1)
        {
            LearnWindow();
        }
        return logits;
    }

    /// <inheritdoc />
    public override void EndSample()
    {
        if (_pending > 0)
        {
            LearnWindow();
        }
    }

    private void LearnWindow()
    {
        // The first sample only calibrates the event-driven layers (see EventDrivenCalibration); a
        // learner restored from a checkpoint that has taken optimizer steps is calibrated already.
        if (_calibrationSource is not null && !_calibrated && Optimizer.Steps == 0)
        {
            EventDrivenCalibration.Run(_layers, _calibrationSource, _pending, Network.Spec.Learning.RuleOptions.EventInitSpikes, _rng);
            _calibrated = true;
            StartWindow();
            return;
        }
        var last = _blocks[^1];
        if (_loss is not null)
        {
            // The loss is on the output of the window's last step (the network's output now).
            OutputLossGradient(_loss, Network.Output, _logitGrad);
            _backprop.ThroughTime(_pending, last.Last, last.First, _logitGrad, lastStepOnly: true);
            ApplyUpdate();
            StartWindow();
            return;
        }
        CrossEntropyGradient(_logitSum, _logitGrad);
        _backprop.ThroughTime(_pending, last.Last, last.First, _logitGrad);
        for (var i = _blocks.Length - 2; i >= 0; i--)
        {
            var block = _blocks[i];
            var head = block.Head!;
            CrossEntropy.LossAndGradient(head.WindowLogits(), Labels, Classes, 1f / Network.Batch, _auxGrad);
            _backprop.ThroughTime(_pending, block.Last, block.First, head.Backward(_auxGrad));
        }
        ApplyUpdate();
        StartWindow();
    }

    private void StartWindow()
    {
        _pending = 0;
        Array.Clear(_logitSum);
        foreach (var block in _blocks)
        {
            block.Head?.Clear();
        }
    }

    /// <inheritdoc />
    public MacCounts MacsPerSample()
    {
        var macs = new MacCounts(TimeSteps * MacSchedule.ForwardPerStep(Network), 0, 0);
        for (var start = 0; start < TimeSteps; start += _window)
        {
            var steps = Math.Min(_window, TimeSteps - start);
            foreach (var block in _blocks)
            {
                var step = _backprop.StepMacs(block.Last, block.First);
                macs += new MacCounts(0, steps * step.LearningSignal, steps * step.WeightUpdate);
                if (block.Head is { } head)
                {
                    macs += head.WindowMacs;
                }
            }
        }
        return macs;
    }

    /// <summary>
    /// TTL-BPTT's blocks: each ends after <paramref name="size"/> spiking layers and the pools and
    /// dropout right after them (where an auxiliary classifier reads the block's output); the rest,
    /// up to the readout, is the last block.
    /// </summary>
    private static Block[] LocalBlocks(Network network, int size, MemoryLedger ledger)
    {
        var layers = network.Layers;
        var classes = layers[^1].OutputShape.Size;
        var init = Rng.Derive(network.Options.Seed, 3);
        var blocks = new List<Block>();
        int first = 0, spiking = 0;
        for (var i = 0; i < layers.Count; i++)
        {
            if (!layers[i].Spec.IsSpiking || ++spiking < size)
            {
                continue;
            }
            var last = i;
            while (last + 1 < layers.Count && layers[last + 1].Spec.Kind is LayerKind.Dropout or LayerKind.MaxPool2d or LayerKind.AvgPool2d)
            {
                last++;
            }
            if (last >= layers.Count - 1)
            {
                break;
            }
            blocks.Add(new Block(first, last, new AuxiliaryHead(layers[last], classes, init, ledger)));
            first = last + 1;
            spiking = 0;
            i = last;
        }
        blocks.Add(new Block(first, layers.Count - 1, null));
        return [.. blocks];
    }

    private static List<Parameter> HeadParameters(Block[] blocks)
    {
        var list = new List<Parameter>();
        foreach (var block in blocks)
        {
            if (block.Head is { } head)
            {
                list.Add(head.Weight);
                list.Add(head.Bias);
            }
        }
        return list;
    }
}
