namespace Edge.Runtime.Kernels;

/// <summary>
/// Shape of a synapse layer as a 2-D cross-correlation over channels-last (HWC) maps. A fully
/// connected layer is the 1×1 case (H = W = K = 1), so one set of kernels serves both.
/// Weights are stored as rows (ky, kx, c) of C_out contiguous values: row = (ky·K + kx)·C_in + c.
/// </summary>
public readonly record struct ConvGeometry(int InChannels, int InHeight, int InWidth, int OutChannels, int Kernel, int Stride, int Padding)
{
    /// <summary>A fully connected layer with <paramref name="inputs"/> inputs and <paramref name="outputs"/> outputs.</summary>
    public static ConvGeometry Linear(int inputs, int outputs) => new(inputs, 1, 1, outputs, 1, 1, 0);

    /// <summary>Output rows.</summary>
    public int OutHeight => ((InHeight + (2 * Padding) - Kernel) / Stride) + 1;

    /// <summary>Output columns.</summary>
    public int OutWidth => ((InWidth + (2 * Padding) - Kernel) / Stride) + 1;

    /// <summary>Input values per sample.</summary>
    public int InSize => InChannels * InHeight * InWidth;

    /// <summary>Output values per sample.</summary>
    public int OutSize => OutChannels * OutHeight * OutWidth;

    /// <summary>Weight rows: K·K·C_in (the fan-in of one output).</summary>
    public int Rows => Kernel * Kernel * InChannels;

    /// <summary>Weights: rows × C_out.</summary>
    public int WeightCount => Rows * OutChannels;

    /// <summary>Multiply-accumulates of one dense forward pass.</summary>
    public long DenseMacs => (long)OutHeight * OutWidth * Rows * OutChannels;

    /// <summary>Internal index of the PyTorch weight element [o, c, ky, kx].</summary>
    public int WeightIndex(int o, int c, int ky, int kx) => ((((ky * Kernel) + kx) * InChannels) + c) * OutChannels + o;
}
