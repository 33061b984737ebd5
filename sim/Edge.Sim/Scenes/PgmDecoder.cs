namespace Edge.Sim.Scenes;

/// <summary>
/// Netpbm gray maps: binary P5 and plain-text P2, any maxval up to 65535 (two big-endian bytes per
/// sample above 255), '#' comments in the header. Samples are scaled to 0..255.
/// </summary>
internal static class PgmDecoder
{
    /// <summary>True when the bytes start like a PGM file.</summary>
    public static bool IsPgm(ReadOnlySpan<byte> data) =>
        data.Length >= 2 && data[0] == (byte)'P' && (data[1] == (byte)'5' || data[1] == (byte)'2');

    /// <summary>Reads the image size.</summary>
    public static (int Width, int Height) ReadSize(ReadOnlySpan<byte> data, string file)
    {
        var header = ReadHeader(data, file);
        return (header.Width, header.Height);
    }

    /// <summary>Decodes the image into <paramref name="destination"/> (width × height values, 0..255).</summary>
    public static void Decode(ReadOnlySpan<byte> data, string file, Span<float> destination)
    {
        var header = ReadHeader(data, file);
        var count = header.Width * header.Height;
        if (destination.Length != count)
        {
            throw ImageErrors.At(file, 0, $"image is {header.Width}x{header.Height}, unlike the first frame");
        }
        var scale = 255f / header.MaxValue;
        var position = header.RasterStart;
        if (header.Binary)
        {
            var bytesPerSample = header.MaxValue > 255 ? 2 : 1;
            if (data.Length - position < (long)count * bytesPerSample)
            {
                throw ImageErrors.At(file, data.Length, $"raster truncated: {count * bytesPerSample} bytes expected after byte {position}");
            }
            for (var i = 0; i < count; i++)
            {
                var sample = bytesPerSample == 1 ? data[position + i] : (data[position + (2 * i)] << 8) | data[position + (2 * i) + 1];
                destination[i] = Math.Min(sample, header.MaxValue) * scale;
            }
            return;
        }
        for (var i = 0; i < count; i++)
        {
            var start = position;
            var sample = ReadNumber(data, ref position, file, "sample");
            if (sample > header.MaxValue)
            {
                throw ImageErrors.At(file, start, $"sample {sample} exceeds maxval {header.MaxValue}");
            }
            destination[i] = sample * scale;
        }
    }

    private static Header ReadHeader(ReadOnlySpan<byte> data, string file)
    {
        if (!IsPgm(data))
        {
            throw ImageErrors.At(file, 0, "not a PGM file (expected 'P5' or 'P2')");
        }
        var position = 2;
        var width = ReadNumber(data, ref position, file, "width");
        var height = ReadNumber(data, ref position, file, "height");
        var maxValue = ReadNumber(data, ref position, file, "maxval");
        if (width <= 0 || height <= 0 || (long)width * height > 1 << 26)
        {
            throw ImageErrors.At(file, position, $"unsupported image size {width}x{height}");
        }
        if (maxValue is <= 0 or > 65535)
        {
            throw ImageErrors.At(file, position, $"maxval {maxValue} is outside 1 … 65535");
        }
        // Exactly one whitespace byte separates the header from a binary raster.
        return new Header(data[1] == (byte)'5', width, height, maxValue, position + 1);
    }

    /// <summary>Skips whitespace and comments, then reads a decimal number.</summary>
    private static int ReadNumber(ReadOnlySpan<byte> data, ref int position, string file, string what)
    {
        while (position < data.Length)
        {
            var b = data[position];
            if (b == (byte)'#')
            {
                while (position < data.Length && data[position] != (byte)'\n')
                {
                    position++;
                }
            }
            else if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'\v' or (byte)'\f')
            {
                position++;
            }
            else
            {
                break;
            }
        }
        var start = position;
        long value = 0;
        while (position < data.Length && data[position] is >= (byte)'0' and <= (byte)'9' && value <= int.MaxValue)
        {
            value = (value * 10) + (data[position] - '0');
            position++;
        }
        if (position == start || value > int.MaxValue)
        {
            throw ImageErrors.At(file, start, $"expected the {what} as a decimal number");
        }
        return (int)value;
    }

    private readonly record struct Header(bool Binary, int Width, int Height, int MaxValue, int RasterStart);
}
