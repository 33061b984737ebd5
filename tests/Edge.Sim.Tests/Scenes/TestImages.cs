using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Edge.Sim.Tests.Scenes;

/// <summary>Writes small PGM and PNG files for the decoder tests (an independent minimal encoder).</summary>
internal static class TestImages
{
    public static byte[] PgmBinary(int width, int height, Func<int, int, int> sample, int maxValue = 255)
    {
        var header = Encoding.ASCII.GetBytes($"P5\n# written by a test\n{width} {height}\n{maxValue}\n");
        var bytesPerSample = maxValue > 255 ? 2 : 1;
        var data = new byte[header.Length + (width * height * bytesPerSample)];
        header.CopyTo(data, 0);
        var p = header.Length;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var v = sample(x, y);
                if (bytesPerSample == 2)
                {
                    data[p++] = (byte)(v >> 8);
                }
                data[p++] = (byte)v;
            }
        }
        return data;
    }

    public static byte[] PgmPlain(int width, int height, Func<int, int, int> sample, int maxValue)
    {
        var text = new StringBuilder($"P2\n{width} {height} # size\n{maxValue}\n");
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                text.Append(sample(x, y)).Append(x + 1 < width ? ' ' : '\n');
            }
        }
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    /// <summary>An 8-bit PNG; <paramref name="channels"/> 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA; row y uses filter y % 5.</summary>
    public static byte[] Png(int width, int height, int channels, Func<int, int, int, byte> sample, bool interlaced = false, int colourType = -1)
    {
        var stride = width * channels;
        var raw = new byte[height * stride];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                for (var c = 0; c < channels; c++)
                {
                    raw[(y * stride) + (x * channels) + c] = sample(x, y, c);
                }
            }
        }
        var filtered = new MemoryStream();
        for (var y = 0; y < height; y++)
        {
            var filter = y % 5;
            filtered.WriteByte((byte)filter);
            for (var i = 0; i < stride; i++)
            {
                int a = i >= channels ? raw[(y * stride) + i - channels] : 0;
                int b = y > 0 ? raw[((y - 1) * stride) + i] : 0;
                int c = y > 0 && i >= channels ? raw[((y - 1) * stride) + i - channels] : 0;
                var predictor = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    _ => Paeth(a, b, c),
                };
                filtered.WriteByte((byte)(raw[(y * stride) + i] - predictor));
            }
        }
        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(filtered.ToArray());
        }

        var png = new MemoryStream();
        png.Write([137, 80, 78, 71, 13, 10, 26, 10]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;
        ihdr[9] = (byte)(colourType >= 0 ? colourType : channels switch { 1 => 0, 2 => 4, 3 => 2, _ => 6 });
        ihdr[12] = interlaced ? (byte)1 : (byte)0;
        Chunk(png, "IHDR", ihdr);
        Chunk(png, "tEXt", Encoding.ASCII.GetBytes("Comment\0test"));
        // Two IDAT chunks: decoders must concatenate them.
        var z = compressed.ToArray();
        Chunk(png, "IDAT", z.AsSpan(0, z.Length / 2).ToArray());
        Chunk(png, "IDAT", z.AsSpan(z.Length / 2).ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var pa = Math.Abs(p - a);
        var pb = Math.Abs(p - b);
        var pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        png.Write(typeBytes);
        png.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32([.. typeBytes, .. data]));
        png.Write(word);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }
        return ~crc;
    }
}
