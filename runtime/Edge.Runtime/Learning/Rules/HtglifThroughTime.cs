using Edge.Runtime.Kernels;
using Edge.Runtime.Layers;
using Edge.Runtime.Memory;

namespace Edge.Runtime.Learning.Rules;

/// <summary>
/// An HTGLIF layer trained by BP-STA: backpropagation through time whose neuron backward has the
/// spatial (1/m through firing neurons only) and temporal (0.2 across the reset) adjustments
/// (<see cref="HtglifNeurons.Backward"/>), then the rectifier and the synapse. Keeps, per step of
/// the window, the layer's input, the pre-reset membrane m and the rectified current I.
/// </summary>
internal sealed class HtglifThroughTime : LayerLearning
{
    private readonly HtglifLayer _layer;
    private readonly StepHistory _inputs;
    private readonly StepHistory _membranes;
    private readonly StepHistory _currents;
    private readonly float[] _carry;
    private readonly float[] _currentGrad;

    public HtglifThroughTime(HtglifLayer layer, int slots, MemoryLedger ledger)
        : base(layer)
    {
        _layer = layer;
        var n = layer.Batch * layer.OutputShape.Size;
        _inputs = new StepHistory(slots, layer.Batch * layer.InputShape.Size, ledger);
        _membranes = new StepHistory(slots, n, ledger);
        _currents = new StepHistory(slots, n, ledger);
        _carry = ledger.Floats(MemoryCategory.Scratch, n);
        _currentGrad = ledger.Floats(MemoryCategory.Scratch, n);
    }

    public override void AfterForward(int slot, ReadOnlySpan<float> input)
    {
        _inputs.Record(slot, input);
        _membranes.Record(slot, _layer.Neurons.PreResetMembrane);
        _currents.Record(slot, _layer.Current);
    }

    public override void BeginBackward() => Array.Clear(_carry);

    public override void Backward(int slot, ReadOnlySpan<float> gradOutput, Span<float> gradInput, bool needGradInput)
    {
        _layer.CurrentGradient(_membranes[slot], _currents[slot], gradOutput[.._carry.Length], _carry, _currentGrad);
        _layer.SynapseBackward(_inputs[slot], _currentGrad, gradInput, needGradInput);
    }

    public override MacCounts BackwardMacs(bool needGradInput) => SynapseMacs(_layer.Geometry, needGradInput);
}
