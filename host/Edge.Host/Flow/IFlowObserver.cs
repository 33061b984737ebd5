namespace Edge.Host.Flow;

/// <summary>One judged sample: its prediction and truth, valid only during the call.</summary>
/// <param name="Index">0-based sample number.</param>
/// <param name="Label">The source's label of the segment (the simulated task's motion kind).</param>
/// <param name="Predicted">The predicted flow, [H, W, 2] channels-last, flow-map pixels.</param>
/// <param name="Truth">The true flow, same layout (NaN where unknown; meaningless when <paramref name="HasTruth"/> is false).</param>
/// <param name="Mask">1 where the pixel counts (events and truth), [H, W].</param>
/// <param name="Height">Rows of the flow map.</param>
/// <param name="Width">Columns of the flow map.</param>
/// <param name="HasTruth">True when the sample came with truth.</param>
/// <param name="Aee">The sample's average endpoint error over its masked pixels (0 without any).</param>
public readonly ref struct FlowSampleView(long Index, int Label, ReadOnlySpan<float> Predicted, ReadOnlySpan<float> Truth, ReadOnlySpan<float> Mask,
    int Height, int Width, bool HasTruth, double Aee)
{
    /// <summary>0-based sample number.</summary>
    public long Index { get; } = Index;

    /// <summary>The source's label of the segment.</summary>
    public int Label { get; } = Label;

    /// <summary>The predicted flow, [H, W, 2].</summary>
    public ReadOnlySpan<float> Predicted { get; } = Predicted;

    /// <summary>The true flow, [H, W, 2].</summary>
    public ReadOnlySpan<float> Truth { get; } = Truth;

    /// <summary>1 where the pixel counts, [H, W].</summary>
    public ReadOnlySpan<float> Mask { get; } = Mask;

    /// <summary>Rows of the flow map.</summary>
    public int Height { get; } = Height;

    /// <summary>Columns of the flow map.</summary>
    public int Width { get; } = Width;

    /// <summary>True when the sample came with truth.</summary>
    public bool HasTruth { get; } = HasTruth;

    /// <summary>The sample's AEE.</summary>
    public double Aee { get; } = Aee;
}

/// <summary>What a flow run reports as it goes.</summary>
public interface IFlowObserver
{
    /// <summary>After every sample (from the run's thread; the view is valid during the call only).</summary>
    void OnSample(in FlowSampleView sample);

    /// <summary>Every <see cref="FlowOptions.ReportEvery"/> samples, and once at the end for the rest.</summary>
    void OnProgress(FlowProgress progress);
}
