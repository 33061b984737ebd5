using Edge.Runtime.Kernels;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Layers;

/// <summary>A spiking 2-D convolution (the official Conv2dSTLLR).</summary>
public sealed class LifConv2d : LifLayer
{
    internal LifConv2d(LayerSpec spec, int index, TensorShape input, TensorShape output, BuildContext ctx)
        : base(spec, index, input, output, ctx,
            new ConvGeometry(input.C, input.H, input.W, spec.Out, spec.Kernel, spec.Stride, spec.Padding),
            [spec.Out, input.C, spec.Kernel, spec.Kernel])
    {
        // kaiming_normal_(mode='fan_out', nonlinearity='relu'), bias 0, gain 1 (official VGG init).
        Synapse.InitNormal(ctx.Init, Math.Sqrt(2.0 / (spec.Out * spec.Kernel * spec.Kernel)));
        RefreshWeights();
    }
}
