namespace Edge.Runtime.Kernels;

/// <summary>
/// For one input coordinate (a row or a column), the kernel taps that reach the output: pairs of
/// (kernel offset k, output coordinate o) with o·stride + k − pad = i and o inside [from, to).
/// Computed once per input row or column, so the inner loops of the scatter kernels need no
/// division or modulo.
/// </summary>
internal static class KernelTaps
{
    /// <summary>Fills <paramref name="taps"/> with (offset, output) pairs for input coordinate <paramref name="i"/>; returns how many.</summary>
    public static int For(int i, int kernel, int stride, int pad, int from, int to, Span<(int Offset, int Output)> taps)
    {
        var n = 0;
        for (var k = 0; k < kernel; k++)
        {
            var t = i + pad - k;
            if (t < 0 || t % stride != 0)
            {
                continue;
            }
            var o = t / stride;
            if (o >= from && o < to)
            {
                taps[n++] = (k, o);
            }
        }
        return n;
    }
}
