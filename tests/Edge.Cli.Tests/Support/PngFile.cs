using System.Buffers.Binary;
using System.IO.Compression;

namespace Edge.Cli.Tests.Support;

/// <summary>A strict reader of the PNG files the CLI writes (8-bit RGB): checks chunk CRCs and inflates the pixels.</summary>
internal static class PngFile
{
    public static (int Width, int Height, byte[] Rgb) Read(byte[] file)
    {
        Assert.True(file.AsSpan().StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), "PNG signature");
        var offset = 8;
        int width = 0, height = 0;
        using var idat = new MemoryStream();
        while (offset < file.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(offset));
            var type = System.Text.Encoding.ASCII.GetString(file, offset + 4, 4);
            var data = file.AsSpan(offset + 8, length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(offset + 8 + length));
            Assert.Equal(Crc32(file.AsSpan(offset + 4, 4 + length)), crc);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                Assert.Equal(8, data[8]);
                Assert.Equal(2, data[9]);
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }
            offset += 12 + length;
            if (type == "IEND")
            {
                break;
            }
        }
        idat.Position = 0;
        using var zlib = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        zlib.CopyTo(raw);
        var bytes = raw.ToArray();
        Assert.Equal(height * (1 + (width * 3)), bytes.Length);
        var rgb = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            Assert.Equal(0, bytes[y * (1 + (width * 3))]);
            Array.Copy(bytes, (y * (1 + (width * 3))) + 1, rgb, y * width * 3, width * 3);
        }
        return (width, height, rgb);
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }
        return crc ^ 0xFFFFFFFFu;
    }
}
