namespace Edge.Runtime.Kernels;

/// <summary>Conversions between PyTorch's channel-major maps (CHW) and the channels-last maps (HWC) used inside.</summary>
public static class Layout
{
    /// <summary>[C, positions] → [positions, C].</summary>
    public static void ChwToHwc(ReadOnlySpan<float> chw, int channels, int positions, Span<float> hwc)
    {
        for (var ch = 0; ch < channels; ch++)
        {
            var plane = chw.Slice(ch * positions, positions);
            for (var p = 0; p < positions; p++)
            {
                hwc[(p * channels) + ch] = plane[p];
            }
        }
    }

    /// <summary>[positions, C] → [C, positions].</summary>
    public static void HwcToChw(ReadOnlySpan<float> hwc, int channels, int positions, Span<float> chw)
    {
        for (var p = 0; p < positions; p++)
        {
            var pixel = hwc.Slice(p * channels, channels);
            for (var ch = 0; ch < channels; ch++)
            {
                chw[(ch * positions) + p] = pixel[ch];
            }
        }
    }
}
