using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace Edge.Sim.Scenes;

/// <summary>
/// PNG images, non-interlaced, 8 or 16 bits per sample, gray, gray+alpha, RGB or RGBA (alpha is
/// ignored; colour becomes Rec. 601 luma; 16-bit samples keep their high byte). Chunk CRCs are
/// checked; the image data is inflated with <see cref="ZLibStream"/>. Buffers are kept between
/// images, so a folder of equal-sized frames allocates them once.
/// </summary>
internal sealed class PngDecoder
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    private byte[] _compressed = [];
    private byte[] _scanlines = [];

    /// <summary>True when the bytes start with the PNG signature.</summary>
    public static bool IsPng(ReadOnlySpan<byte> data) => data.StartsWith(Signature);

    /// <summary>Reads the image size from the header chunk.</summary>
    public static (int Width, int Height) ReadSize(ReadOnlySpan<byte> data, string file)
    {
        var header = ReadHeader(data, file);
        return (header.Width, header.Height);
    }

    /// <summary>Decodes the image into <paramref name="destination"/> (width × height gray values, 0..255).</summary>
    public void Decode(ReadOnlySpan<byte> data, string file, Span<float> destination)
    {
        var header = ReadHeader(data, file);
        if (destination.Length != header.Width * header.Height)
        {
            throw ImageErrors.At(file, 16, $"image is {header.Width}x{header.Height}, unlike the first frame");
        }
        var compressedLength = CollectImageData(data, file);
        var stride = header.Width * header.BytesPerPixel;
        var rawLength = header.Height * (stride + 1);
        if (_scanlines.Length < rawLength)
        {
            _scanlines = new byte[rawLength];
        }
        Inflate(compressedLength, rawLength, file);
        Unfilter(_scanlines.AsSpan(0, rawLength), header, stride, file);
        ToGray(_scanlines.AsSpan(0, rawLength), header, stride, destination);
    }

    private static Header ReadHeader(ReadOnlySpan<byte> data, string file)
    {
        if (!IsPng(data))
        {
            throw ImageErrors.At(file, 0, "not a PNG file (bad signature)");
        }
        if (data.Length < 33 || !data.Slice(12, 4).SequenceEqual("IHDR"u8) || BinaryPrimitives.ReadUInt32BigEndian(data[8..]) != 13)
        {
            throw ImageErrors.At(file, 8, "the IHDR chunk must come first, 13 bytes long");
        }
        var width = BinaryPrimitives.ReadInt32BigEndian(data[16..]);
        var height = BinaryPrimitives.ReadInt32BigEndian(data[20..]);
        var depth = data[24];
        var colour = data[25];
        if (width <= 0 || height <= 0 || (long)width * height > 1 << 26)
        {
            throw ImageErrors.At(file, 16, $"unsupported image size {width}x{height}");
        }
        var channels = colour switch { 0 => 1, 2 => 3, 4 => 2, 6 => 4, _ => 0 };
        if (channels == 0)
        {
            throw ImageErrors.At(file, 25, $"colour type {colour} is not supported (gray, gray+alpha, RGB or RGBA only; no palette)");
        }
        if (depth is not 8 and not 16)
        {
            throw ImageErrors.At(file, 24, $"bit depth {depth} is not supported (8 or 16 only)");
        }
        if (data[26] != 0 || data[27] != 0)
        {
            throw ImageErrors.At(file, 26, "unknown compression or filter method");
        }
        if (data[28] != 0)
        {
            throw ImageErrors.At(file, 28, "interlaced PNG is not supported");
        }
        return new Header(width, height, channels, depth / 8);
    }

    /// <summary>Checks every chunk's CRC and concatenates the IDAT payloads; returns their length.</summary>
    private int CollectImageData(ReadOnlySpan<byte> data, string file)
    {
        var length = 0;
        var position = Signature.Length;
        while (true)
        {
            if (data.Length - position < 12)
            {
                throw ImageErrors.At(file, position, "truncated: the IEND chunk is missing");
            }
            var size = BinaryPrimitives.ReadUInt32BigEndian(data[position..]);
            if (size > (uint)(data.Length - position - 12))
            {
                throw ImageErrors.At(file, position, $"chunk of {size} bytes runs past the end of the file");
            }
            var type = data.Slice(position + 4, 4);
            var payload = data.Slice(position + 8, (int)size);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(data[(position + 8 + (int)size)..]);
            // The CRC covers the chunk type and its data, which lie next to each other.
            if (Crc32.HashToUInt32(data.Slice(position + 4, 4 + (int)size)) != crc)
            {
                throw ImageErrors.At(file, position, $"CRC mismatch in chunk '{System.Text.Encoding.ASCII.GetString(type)}'");
            }
            if (type.SequenceEqual("IEND"u8))
            {
                break;
            }
            if (type.SequenceEqual("IDAT"u8))
            {
                if (_compressed.Length < length + payload.Length)
                {
                    Array.Resize(ref _compressed, Math.Max(length + payload.Length, 2 * _compressed.Length));
                }
                payload.CopyTo(_compressed.AsSpan(length));
                length += payload.Length;
            }
            else if ((type[0] & 0x20) == 0 && !type.SequenceEqual("IHDR"u8) && !type.SequenceEqual("PLTE"u8))
            {
                throw ImageErrors.At(file, position, $"unknown critical chunk '{System.Text.Encoding.ASCII.GetString(type)}'");
            }
            position += 12 + (int)size;
        }
        if (length == 0)
        {
            throw ImageErrors.At(file, position, "no IDAT chunk (no image data)");
        }
        return length;
    }

    private void Inflate(int compressedLength, int rawLength, string file)
    {
        using var compressed = new MemoryStream(_compressed, 0, compressedLength, writable: false);
        using var zlib = new ZLibStream(compressed, CompressionMode.Decompress);
        var filled = 0;
        try
        {
            while (filled < rawLength)
            {
                var n = zlib.Read(_scanlines, filled, rawLength - filled);
                if (n == 0)
                {
                    break;
                }
                filled += n;
            }
        }
        catch (InvalidDataException ex)
        {
            throw ImageErrors.At(file, 33, $"damaged image data: {ex.Message}");
        }
        if (filled < rawLength)
        {
            throw ImageErrors.At(file, 33, $"image data inflates to {filled} bytes, {rawLength} expected");
        }
    }

    private static void Unfilter(Span<byte> raw, Header header, int stride, string file)
    {
        var bpp = header.Channels * header.BytesPerSample;
        for (var y = 0; y < header.Height; y++)
        {
            var filter = raw[y * (stride + 1)];
            var row = raw.Slice((y * (stride + 1)) + 1, stride);
            var prior = y > 0 ? raw.Slice(((y - 1) * (stride + 1)) + 1, stride) : default;
            for (var i = 0; i < stride; i++)
            {
                var left = i >= bpp ? row[i - bpp] : 0;
                var up = y > 0 ? prior[i] : 0;
                var upLeft = y > 0 && i >= bpp ? prior[i - bpp] : 0;
                var predictor = filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) >> 1,
                    4 => Paeth(left, up, upLeft),
                    _ => throw ImageErrors.At(file, 33, $"row {y} has unknown filter type {filter}"),
                };
                row[i] = (byte)(row[i] + predictor);
            }
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var pa = Math.Abs(p - a);
        var pb = Math.Abs(p - b);
        var pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static void ToGray(ReadOnlySpan<byte> raw, Header header, int stride, Span<float> destination)
    {
        var bytesPerSample = header.BytesPerSample;
        var bpp = header.Channels * bytesPerSample;
        for (var y = 0; y < header.Height; y++)
        {
            var row = raw.Slice((y * (stride + 1)) + 1, stride);
            var output = destination.Slice(y * header.Width, header.Width);
            for (var x = 0; x < header.Width; x++)
            {
                var pixel = row.Slice(x * bpp, bpp);
                output[x] = header.Channels >= 3
                    ? (0.299f * pixel[0]) + (0.587f * pixel[bytesPerSample]) + (0.114f * pixel[2 * bytesPerSample])
                    : pixel[0];
            }
        }
    }

    private readonly record struct Header(int Width, int Height, int Channels, int BytesPerSample)
    {
        public int BytesPerPixel => Channels * BytesPerSample;
    }
}
