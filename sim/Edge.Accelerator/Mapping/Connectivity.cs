namespace Edge.Accelerator.Mapping;

/// <summary>
/// How a layer that holds neurons on cores (a spiking layer, a spiking pool or a non-spiking readout)
/// is wired to the spiking map that feeds it: the source map [SourceChannels, SourceHeight, SourceWidth]
/// (the producer's neurons, or the host's input); pools folded between them (<see cref="FoldY"/>,
/// <see cref="FoldX"/>: source pixels summed into one input pixel, the weight shared across them);
/// then the layer's own window (<see cref="KernelY"/>, <see cref="KernelX"/>) over an input of
/// <see cref="InputChannels"/> channels. A dense layer after a flatten is the 1×1 case whose input
/// channels are all the source's values.
/// </summary>
public sealed record Connectivity
{
    /// <summary>Channels of the source map.</summary>
    public required int SourceChannels { get; init; }

    /// <summary>Source map → the layer's input map, rows.</summary>
    public required Window FoldY { get; init; }

    /// <summary>Source map → the layer's input map, columns.</summary>
    public required Window FoldX { get; init; }

    /// <summary>Source values summed into one input value (1 without a folded pool).</summary>
    public int FoldPixels { get; init; } = 1;

    /// <summary>The layer's window over its input map, rows.</summary>
    public required Window KernelY { get; init; }

    /// <summary>The layer's window over its input map, columns.</summary>
    public required Window KernelX { get; init; }

    /// <summary>Channels of the layer's input map (all source values for a dense layer after a flatten).</summary>
    public required int InputChannels { get; init; }

    /// <summary>Output channel c reads input channel c only (pools).</summary>
    public bool Depthwise { get; init; }

    /// <summary>Output channels.</summary>
    public required int OutChannels { get; init; }

    /// <summary>Recurrent inputs per neuron (the layer's own spikes of the previous step; 0 without recurrence).</summary>
    public int RecurrentInputs { get; init; }

    /// <summary>Output rows.</summary>
    public int OutHeight => KernelY.Outputs;

    /// <summary>Output columns.</summary>
    public int OutWidth => KernelX.Outputs;

    /// <summary>Source rows.</summary>
    public int SourceHeight => FoldY.Inputs;

    /// <summary>Source columns.</summary>
    public int SourceWidth => FoldX.Inputs;

    /// <summary>Neurons of the layer.</summary>
    public int Neurons => OutChannels * OutHeight * OutWidth;

    /// <summary>Input channels one output channel reads.</summary>
    public int ChannelsPerTap => Depthwise ? 1 : InputChannels;

    /// <summary>Distinct weights of one output channel (a kernel): K·K·channels.</summary>
    public int KernelEntries => KernelY.Size * KernelX.Size * ChannelsPerTap;

    /// <summary>Synapse entries of the neuron at (y, x) when every synapse is stored on its own.</summary>
    public long EntriesOf(int y, int x) => ((long)KernelY.Taps(y) * KernelX.Taps(x) * ChannelsPerTap * FoldPixels) + RecurrentInputs;

    /// <summary>Rows [Low, High) of the source map read by output rows [first, first + count).</summary>
    public (int Low, int High) SourceRows(int first, int count) => SourceRange(KernelY, FoldY, first, count);

    /// <summary>Columns [Low, High) of the source map read by output columns [first, first + count).</summary>
    public (int Low, int High) SourceColumns(int first, int count) => SourceRange(KernelX, FoldX, first, count);

    /// <summary>
    /// Output rows [First, Last] that source row <paramref name="sy"/> reaches (through the fold and the kernel).
    /// </summary>
    public (int First, int Last) OutputRowsOf(int sy) => Reach(FoldY, KernelY, sy);

    /// <summary>Output columns [First, Last] that source column <paramref name="sx"/> reaches.</summary>
    public (int First, int Last) OutputColumnsOf(int sx) => Reach(FoldX, KernelX, sx);

    private static (int Low, int High) SourceRange(Window kernel, Window fold, int first, int count)
    {
        var (lo, hi) = kernel.InputRange(first, count);
        if (hi <= lo)
        {
            return (0, 0);
        }
        return fold.InputRange(lo, hi - lo);
    }

    private static (int First, int Last) Reach(Window fold, Window kernel, int s)
    {
        var (i0, i1) = fold.OutputsOf(s);
        if (i0 > i1)
        {
            return (0, -1);
        }
        var (first, _) = kernel.OutputsOf(i0);
        var (_, last) = kernel.OutputsOf(i1);
        return (first, last);
    }
}
