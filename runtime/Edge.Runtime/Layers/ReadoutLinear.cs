using System.Numerics.Tensors;
using Edge.Runtime.Kernels;
using Edge.Runtime.Memory;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Layers;

/// <summary>
/// Stateless linear readout z = W·h + b (raw weights), the logits of this step (the official VGG's
/// nn.Linear). Trained with the ordinary gradient of this step's loss.
/// </summary>
public sealed class ReadoutLinear : Layer
{
    private readonly ConvGeometry _geometry;
    private IReadOnlyList<Parameter>? _parameters;

    internal ReadoutLinear(LayerSpec spec, int index, TensorShape input, TensorShape output, BuildContext ctx)
        : base(spec, index, input, output, ctx)
    {
        _geometry = ConvGeometry.Linear(spec.In, spec.Out);
        Weights = new SynapseWeights(_geometry, false, "weight", "gain", ctx, [spec.Out, spec.In]);
        if (spec.Bias)
        {
            Bias = new Parameter("bias", [spec.Out], ctx.Ledger.Floats(MemoryCategory.Parameters, spec.Out),
                ctx.Learning ? ctx.Ledger.Floats(MemoryCategory.Gradients, spec.Out) : null);
        }
        Weights.InitNormal(ctx.Init, Math.Sqrt(2.0 / spec.In)); // kaiming_normal_ (fan_in), bias 0
    }

    /// <summary>The weights.</summary>
    public SynapseWeights Weights { get; }

    /// <summary>Bias, or null.</summary>
    public Parameter? Bias { get; }

    /// <inheritdoc />
    public override IReadOnlyList<Parameter> Parameters => _parameters ??= Bias is null ? [Weights.Weight] : [Weights.Weight, Bias];

    /// <inheritdoc />
    public override void Forward(ReadOnlySpan<float> input, bool training)
    {
        var bias = Bias is null ? ReadOnlySpan<float>.Empty : Bias.Value;
        for (var b = 0; b < Batch; b++)
        {
            SynapseKernels.Forward(_geometry, Sample(input, b, Spec.In), Weights.Effective, bias, Sample(Output.AsSpan(), b, Spec.Out));
        }
    }

    /// <inheritdoc />
    public override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradInput, bool needGradInput)
    {
        for (var b = 0; b < Batch; b++)
        {
            var l = Sample(gradOutput, b, Spec.Out);
            SynapseKernels.AccumulateWeightGrad(_geometry, Sample(input, b, Spec.In), l, 1f, Weights.EffectiveGrad!);
            if (Bias?.Grad is { } db)
            {
                TensorPrimitives.Add(db, l, db);
            }
            if (needGradInput)
            {
                SynapseKernels.InputGrad(_geometry, l, Weights.Effective, Sample(gradInput, b, Spec.In));
            }
        }
    }
}
