using Edge.Runtime.Kernels;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Layers;

/// <summary>
/// A spiking transposed convolution (an upsampling decoder layer): PyTorch's ConvTranspose2d
/// feeding LIF neurons, weights [C_in, C_out, K, K]. It learns through the same per-layer parts as
/// a convolution (its kernels run as the adjoint of the mirror correlation) and runs on one thread.
/// </summary>
public sealed class LifConvTranspose2d : LifLayer
{
    internal LifConvTranspose2d(LayerSpec spec, int index, TensorShape input, TensorShape output, BuildContext ctx)
        : base(spec, index, input, output, ctx,
            ConvGeometry.TransposedConvolution(input.C, input.H, input.W, spec.Out, spec.Kernel, spec.Stride, spec.Padding),
            [input.C, spec.Out, spec.Kernel, spec.Kernel])
    {
        // Kaiming normal on the effective fan-in: each output sums C_in·(K/S)² inputs.
        var taps = Math.Max(1.0, (double)spec.Kernel * spec.Kernel / ((double)spec.Stride * spec.Stride));
        Synapse.InitNormal(ctx.Init, Math.Sqrt(2.0 / (input.C * taps)));
        RefreshWeights();
    }
}
