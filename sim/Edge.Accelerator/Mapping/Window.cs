namespace Edge.Accelerator.Mapping;

/// <summary>
/// A sliding window along one axis: output i reads inputs [i·Stride − Padding, i·Stride − Padding + Size).
/// Answers which outputs an input reaches and which inputs a block of outputs reads.
/// </summary>
public readonly record struct Window(int Size, int Stride, int Padding, int Inputs, int Outputs)
{
    /// <summary>The identity (1 → 1).</summary>
    public static Window Identity(int n) => new(1, 1, 0, n, n);

    /// <summary>Everything to one output (global pooling, or a dense layer's 1×1 input).</summary>
    public static Window All(int n) => new(n, n, 0, n, 1);

    /// <summary>First and last output (inclusive) that input <paramref name="i"/> reaches; empty when first &gt; last.</summary>
    public (int First, int Last) OutputsOf(int i)
    {
        var t = i + Padding;
        var lowest = t - Size + 1;
        var first = lowest <= 0 ? 0 : (lowest + Stride - 1) / Stride;
        return (first, Math.Min(Outputs - 1, t / Stride));
    }

    /// <summary>Inputs [Low, High) (clipped to the map) read by outputs [first, first + count).</summary>
    public (int Low, int High) InputRange(int first, int count)
    {
        var lo = Math.Max(0, (first * Stride) - Padding);
        var hi = Math.Min(Inputs, ((first + count - 1) * Stride) - Padding + Size);
        return (lo, Math.Max(lo, hi));
    }

    /// <summary>Number of inputs (clipped to the map) read by outputs [first, first + count).</summary>
    public int InputsRead(int first, int count)
    {
        var (lo, hi) = InputRange(first, count);
        return hi - lo;
    }

    /// <summary>Valid window positions of output <paramref name="o"/> (fewer at padded edges).</summary>
    public int Taps(int o) => InputsRead(o, 1);
}
