using Edge.Runtime.Kernels;
using Edge.Runtime.Layers;
using Edge.Runtime.Learning.Rules;
using Edge.Runtime.Memory;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Learning.Stllr;

/// <summary>
/// Forms the learning signal of every layer for one step and runs each layer's local backward
/// (its <see cref="LayerLearning"/>: <see cref="LifStllr"/> for spiking layers; learning-rules.md §1.5):
/// <list type="bullet">
/// <item><c>BP</c>: the exact same-step backward through readout, pools, dropout and spiking layers.</item>
/// <item><c>DFA</c>/<c>sDFA</c>: at the hook after each spiking layer's own dropout/pools, the signal is
/// replaced by (softmax − onehot)·B_l with a fixed random B_l (sDFA: sign of the error), without 1/B;
/// it still passes back through that layer's pools and dropout; the path from above is cut.</item>
/// <item><c>LocalLoss</c>: a trainable local classifier B_l per hook: e = softmax(B_l·h) − onehot,
/// signal e·B_l, ΔB_l = eᵀ·h.</item>
/// <item><c>shallow</c>: only the readout learns.</item>
/// </list>
/// The readout always gets the ordinary cross-entropy gradient.
/// </summary>
public sealed class LearningSignal
{
    private readonly Network _network;
    private readonly Layer[] _layers;
    private readonly LayerLearning[] _parts;
    private readonly FeedbackMode _mode;
    private readonly Backprop _backprop;
    private readonly Hook[] _hooks;
    private readonly float[] _error;
    private readonly int _classes;

    private sealed record Hook(int Layer, int At, ConvGeometry Geometry, float[] Weights, float[]? Grad, float[] LocalError);

    internal LearningSignal(Network network, LayerLearning[] parts, FeedbackMode mode, MemoryLedger ledger)
    {
        _network = network;
        _layers = [.. network.Layers];
        _parts = parts;
        _mode = mode;
        _classes = _layers[^1].OutputShape.Size;
        if (network.Spec.IsGraph && mode is FeedbackMode.Dfa or FeedbackMode.SignDfa or FeedbackMode.LocalLoss)
        {
            throw new SpecException("$.feedback", "a network whose layers have inputs (a graph) learns with BP or shallow feedback");
        }
        var batch = network.Batch;
        _backprop = new Backprop(network, parts, ledger);
        _error = ledger.Floats(MemoryCategory.Scratch, batch * _classes);

        var hooks = new List<Hook>();
        var parameters = new List<Parameter>();
        if (mode is FeedbackMode.Dfa or FeedbackMode.SignDfa or FeedbackMode.LocalLoss)
        {
            var rng = Rng.Derive(network.Options.Seed, 2);
            for (var i = 0; i < _layers.Length; i++)
            {
                if (!_layers[i].Spec.IsSpiking || i == _layers.Length - 1)
                {
                    continue;
                }
                var at = i;
                while (at + 1 < _layers.Length && _layers[at + 1].Spec.Kind is LayerKind.Dropout or LayerKind.MaxPool2d or LayerKind.AvgPool2d)
                {
                    at++;
                }
                var size = _layers[at].OutputShape.Size;
                var geometry = ConvGeometry.Linear(size, _classes);
                var trainable = mode == FeedbackMode.LocalLoss;
                var weights = ledger.Floats(trainable ? MemoryCategory.Parameters : MemoryCategory.Feedback, geometry.WeightCount);
                var bound = Math.Sqrt(6.0 / size); // kaiming_uniform_ on [labels, C, H, W]: fan_in = C·H·W
                for (var k = 0; k < weights.Length; k++)
                {
                    weights[k] = (float)rng.Uniform(-bound, bound);
                }
                float[]? grad = null;
                if (trainable)
                {
                    grad = ledger.Floats(MemoryCategory.Gradients, weights.Length);
                    parameters.Add(new Parameter("feedback", [_classes, size], weights, grad, geometry));
                }
                hooks.Add(new Hook(i, at, geometry, weights, grad, ledger.Floats(MemoryCategory.Scratch, batch * _classes)));
            }
        }
        _hooks = [.. hooks];
        Parameters = parameters;
    }

    /// <summary>Trainable parameters of the signal itself (LocalLoss classifiers).</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>
    /// Runs the backward of one learning step from ∂loss/∂output (for cross-entropy,
    /// (softmax − onehot)/B) with the batch's labels.
    /// </summary>
    public void Backward(ReadOnlySpan<float> outputGradient, ReadOnlySpan<int> labels) => Backward(outputGradient, labels, []);

    /// <summary>
    /// As <see cref="Backward(ReadOnlySpan{float}, ReadOnlySpan{int})"/>; in BP mode a non-empty
    /// <paramref name="inputGradient"/> also receives ∂loss/∂input of the first layer.
    /// </summary>
    public void Backward(ReadOnlySpan<float> outputGradient, ReadOnlySpan<int> labels, Span<float> inputGradient)
    {
        var n = _layers.Length;
        var batch = _network.Batch;
        if (_mode == FeedbackMode.Bp)
        {
            _backprop.Step(0, n - 1, 0, outputGradient, inputGradient);
            return;
        }

        // The readout learns from the ordinary gradient; hidden layers from their hooks.
        var readout = _parts[n - 1];
        if (readout.Learnable)
        {
            readout.Backward(0, outputGradient, [], needGradInput: false);
        }
        if (_mode == FeedbackMode.Shallow)
        {
            return;
        }

        // DFA error without the 1/B of the mean loss.
        var size = batch * _classes;
        for (var i = 0; i < size; i++)
        {
            var e = outputGradient[i] * batch;
            _error[i] = _mode == FeedbackMode.SignDfa ? MathF.Sign(e) : e;
        }
        foreach (var hook in _hooks)
        {
            var hookSize = hook.Geometry.InChannels;
            var error = _error.AsSpan(0, size);
            if (_mode == FeedbackMode.LocalLoss)
            {
                error = LocalError(hook, labels);
            }
            var signal = _backprop.GradientOf(hook.At);
            for (var b = 0; b < batch; b++)
            {
                SynapseKernels.InputGrad(hook.Geometry, error.Slice(b * _classes, _classes), hook.Weights, signal.Slice(b * hookSize, hookSize));
            }
            _backprop.Step(0, hook.At, hook.Layer, signal[..(batch * hookSize)]);
        }
    }

    /// <summary>e = softmax(B·h) − onehot for a LocalLoss hook; accumulates ΔB = eᵀ·h.</summary>
    private Span<float> LocalError(Hook hook, ReadOnlySpan<int> labels)
    {
        var batch = _network.Batch;
        var h = _layers[hook.At].Output;
        var hookSize = hook.Geometry.InChannels;
        var e = hook.LocalError.AsSpan();
        for (var b = 0; b < batch; b++)
        {
            var hb = h.AsSpan(b * hookSize, hookSize);
            var eb = e.Slice(b * _classes, _classes);
            SynapseKernels.Forward(hook.Geometry, hb, hook.Weights, [], eb);
            CrossEntropy.LossAndGradient(eb, labels.Slice(b, 1), _classes, 1f, eb);
            SynapseKernels.AccumulateWeightGrad(hook.Geometry, hb, eb, 1f, hook.Grad);
        }
        return e;
    }
}
