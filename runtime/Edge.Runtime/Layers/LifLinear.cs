using Edge.Runtime.Kernels;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Layers;

/// <summary>A spiking fully connected layer (the official LinearSTLLR).</summary>
public sealed class LifLinear : LifLayer
{
    internal LifLinear(LayerSpec spec, int index, TensorShape input, TensorShape output, BuildContext ctx)
        : base(spec, index, input, output, ctx, ConvGeometry.Linear(spec.In, spec.Out), [spec.Out, spec.In])
    {
        // kaiming_normal_ (fan_in, gain √2), bias 0, gain 1.
        Synapse.InitNormal(ctx.Init, Math.Sqrt(2.0 / spec.In));
        RefreshWeights();
    }
}
