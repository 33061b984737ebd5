using System.Numerics.Tensors;

namespace Edge.Runtime.Kernels;

/// <summary>
/// Channels-last map kernels of the decoder and skip layers, on one sample: nearest-neighbour
/// upsampling and its adjoint, and moving a block of channels between maps (concatenation).
/// </summary>
public static class MapKernels
{
    /// <summary>output[y·s + dy, x·s + dx, c] = input[y, x, c] for dy, dx &lt; s (output is overwritten).</summary>
    public static void UpsampleNearest(ReadOnlySpan<float> input, int channels, int height, int width, int scale, Span<float> output)
    {
        var outWidth = width * scale;
        Check(input.Length >= channels * height * width && output.Length >= channels * height * width * scale * scale);
        for (var y = 0; y < height; y++)
        {
            var row = output.Slice(y * scale * outWidth * channels, outWidth * channels);
            for (var x = 0; x < width; x++)
            {
                var pixel = input.Slice(((y * width) + x) * channels, channels);
                for (var dx = 0; dx < scale; dx++)
                {
                    pixel.CopyTo(row[((((x * scale) + dx)) * channels)..]);
                }
            }
            for (var dy = 1; dy < scale; dy++)
            {
                row.CopyTo(output.Slice(((y * scale) + dy) * outWidth * channels, outWidth * channels));
            }
        }
    }

    /// <summary>The adjoint of <see cref="UpsampleNearest"/>: gradIn[y, x, c] = Σ over its s × s block of gradOut (overwritten).</summary>
    public static void UpsampleNearestAdjoint(ReadOnlySpan<float> gradOut, int channels, int height, int width, int scale, Span<float> gradIn)
    {
        var outWidth = width * scale;
        Check(gradIn.Length >= channels * height * width && gradOut.Length >= channels * height * width * scale * scale);
        gradIn[..(channels * height * width)].Clear();
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var pixel = gradIn.Slice(((y * width) + x) * channels, channels);
                for (var dy = 0; dy < scale; dy++)
                {
                    for (var dx = 0; dx < scale; dx++)
                    {
                        var at = ((((y * scale) + dy) * outWidth) + (x * scale) + dx) * channels;
                        TensorPrimitives.Add(pixel, gradOut.Slice(at, channels), pixel);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Writes every cell's <paramref name="sourceChannels"/> values of <paramref name="source"/> to
    /// channels [offset, offset + sourceChannels) of the same cell of <paramref name="destination"/>.
    /// </summary>
    public static void PutChannels(ReadOnlySpan<float> source, int sourceChannels, Span<float> destination, int destinationChannels, int offset, int cells)
    {
        Check(offset >= 0 && offset + sourceChannels <= destinationChannels && source.Length >= cells * sourceChannels && destination.Length >= cells * destinationChannels);
        for (var p = 0; p < cells; p++)
        {
            source.Slice(p * sourceChannels, sourceChannels).CopyTo(destination.Slice((p * destinationChannels) + offset, sourceChannels));
        }
    }

    /// <summary>
    /// Reads channels [offset, offset + destinationChannels) of every cell of <paramref name="source"/>
    /// into <paramref name="destination"/>: the adjoint of <see cref="PutChannels"/>.
    /// </summary>
    public static void TakeChannels(ReadOnlySpan<float> source, int sourceChannels, int offset, Span<float> destination, int destinationChannels, int cells)
    {
        Check(offset >= 0 && offset + destinationChannels <= sourceChannels && source.Length >= cells * sourceChannels && destination.Length >= cells * destinationChannels);
        for (var p = 0; p < cells; p++)
        {
            source.Slice((p * sourceChannels) + offset, destinationChannels).CopyTo(destination.Slice(p * destinationChannels, destinationChannels));
        }
    }

    private static void Check(bool sizesFit)
    {
        if (!sizesFit)
        {
            throw new ArgumentException("buffer sizes do not match the map shape");
        }
    }
}
