namespace Edge.Runtime.Kernels;

/// <summary>
/// Shape of a synapse layer as a 2-D cross-correlation over channels-last (HWC) maps. A fully
/// connected layer is the 1×1 case (H = W = K = 1), so one set of kernels serves both.
/// Weights are stored as rows (ky, kx, c) of C_out contiguous values: row = (ky·K + kx)·C_in + c.
/// A <see cref="Transposed"/> geometry is a transposed convolution (PyTorch's ConvTranspose2d),
/// the adjoint of its <see cref="Mirror"/> correlation: its weights are stored in the mirror's
/// layout, and each kernel runs as the mirror's adjoint kernel.
/// </summary>
public readonly record struct ConvGeometry(int InChannels, int InHeight, int InWidth, int OutChannels, int Kernel, int Stride, int Padding)
{
    /// <summary>A fully connected layer with <paramref name="inputs"/> inputs and <paramref name="outputs"/> outputs.</summary>
    public static ConvGeometry Linear(int inputs, int outputs) => new(inputs, 1, 1, outputs, 1, 1, 0);

    /// <summary>
    /// A transposed convolution from a C_in × H × W map to C_out × ((H − 1)·S − 2P + K) × …: each
    /// input value scatters K × K taps, S apart (PyTorch's ConvTranspose2d, output_padding 0).
    /// </summary>
    public static ConvGeometry TransposedConvolution(int inChannels, int inHeight, int inWidth, int outChannels, int kernel, int stride, int padding) =>
        new(inChannels, inHeight, inWidth, outChannels, kernel, stride, padding) { Transposed = true };

    /// <summary>True for a transposed convolution.</summary>
    public bool Transposed { get; init; }

    /// <summary>
    /// The correlation whose adjoint a transposed geometry is: from this layer's output back to
    /// its input (C_out → C_in, same K, S, P). Its weight layout is the transposed layer's.
    /// </summary>
    public ConvGeometry Mirror => new(OutChannels, OutHeight, OutWidth, InChannels, Kernel, Stride, Padding);

    /// <summary>Output rows.</summary>
    public int OutHeight => Transposed ? ((InHeight - 1) * Stride) - (2 * Padding) + Kernel : ((InHeight + (2 * Padding) - Kernel) / Stride) + 1;

    /// <summary>Output columns.</summary>
    public int OutWidth => Transposed ? ((InWidth - 1) * Stride) - (2 * Padding) + Kernel : ((InWidth + (2 * Padding) - Kernel) / Stride) + 1;

    /// <summary>Input values per sample.</summary>
    public int InSize => InChannels * InHeight * InWidth;

    /// <summary>Output values per sample.</summary>
    public int OutSize => OutChannels * OutHeight * OutWidth;

    /// <summary>Weight rows: K·K·C_in (the fan-in of one output); for a transposed geometry the mirror's, K·K·C_out.</summary>
    public int Rows => Kernel * Kernel * (Transposed ? OutChannels : InChannels);

    /// <summary>Weights: K·K·C_in·C_out.</summary>
    public int WeightCount => Kernel * Kernel * InChannels * OutChannels;

    /// <summary>Multiply-accumulates of one dense forward pass.</summary>
    public long DenseMacs => Transposed ? Mirror.DenseMacs : (long)OutHeight * OutWidth * Rows * OutChannels;

    /// <summary>Internal index of the PyTorch weight element [o, c, ky, kx] (a correlation's layout).</summary>
    public int WeightIndex(int o, int c, int ky, int kx) => ((((ky * Kernel) + kx) * InChannels) + c) * OutChannels + o;
}
