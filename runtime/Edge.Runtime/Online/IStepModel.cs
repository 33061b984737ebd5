namespace Edge.Runtime.Online;

/// <summary>
/// What runs a sample step by step without learning: the CPU network, or the chip model. One
/// sample: <see cref="BeginInference"/>, <see cref="Infer"/> for t = 0, 1, … (as many frames as the
/// sample has), <see cref="EndInference"/>. Nothing is updated and no learning caches are kept.
/// </summary>
public interface IStepModel
{
    /// <summary>Samples per step.</summary>
    int Batch { get; }

    /// <summary>Outputs of the readout per sample.</summary>
    int Classes { get; }

    /// <summary>Starts a sample: zeroes all per-sample state.</summary>
    void BeginInference();

    /// <summary>Runs step <paramref name="t"/> on <paramref name="input"/> ([B, C, H, W] or [B, N], PyTorch order); returns the logits [B, classes].</summary>
    ReadOnlySpan<float> Infer(ReadOnlySpan<float> input, int t);

    /// <summary>Ends the sample.</summary>
    void EndInference();
}
