namespace Edge.Cli.Tests.Support;

/// <summary>
/// A strict reader of the GIFs the CLI writes: header, global palette, and every frame's LZW data
/// decoded as a GIF decoder does (codes widen when the next free code passes the current width).
/// </summary>
internal static class GifFile
{
    public static (int Width, int Height, byte[] Palette, List<byte[]> Frames) Read(byte[] file)
    {
        Assert.Equal("GIF89a"u8.ToArray(), file[..6]);
        var width = file[6] | (file[7] << 8);
        var height = file[8] | (file[9] << 8);
        Assert.Equal(0xF7, file[10]);
        var palette = file[13..(13 + 768)];
        var at = 13 + 768;
        var frames = new List<byte[]>();
        while (true)
        {
            var block = file[at++];
            if (block == 0x3B)
            {
                break;
            }
            if (block == 0x21)
            {
                at++; // label
                while (file[at] != 0)
                {
                    at += file[at] + 1;
                }
                at++;
                continue;
            }
            Assert.Equal(0x2C, block);
            Assert.Equal(width, file[at + 4] | (file[at + 5] << 8));
            Assert.Equal(height, file[at + 6] | (file[at + 7] << 8));
            Assert.Equal(0, file[at + 8]);
            at += 9;
            var minCode = file[at++];
            var data = new List<byte>();
            while (file[at] != 0)
            {
                data.AddRange(file.AsSpan(at + 1, file[at]).ToArray());
                at += file[at] + 1;
            }
            at++;
            var pixels = Decode(data.ToArray(), minCode);
            Assert.Equal(width * height, pixels.Length);
            frames.Add(pixels);
        }
        return (width, height, palette, frames);
    }

    private static byte[] Decode(byte[] data, int minCode)
    {
        var clear = 1 << minCode;
        var end = clear + 1;
        var prefix = new int[4096];
        var suffix = new byte[4096];
        var length = new int[4096];
        for (var i = 0; i < clear; i++)
        {
            suffix[i] = (byte)i;
            length[i] = 1;
        }
        var output = new List<byte>();
        int width = minCode + 1, next = end + 1, previous = -1;
        long bits = 0;
        var bitCount = 0;
        var position = 0;
        while (true)
        {
            while (bitCount < width)
            {
                Assert.True(position < data.Length, "the LZW data ends without an end code");
                bits |= (long)data[position++] << bitCount;
                bitCount += 8;
            }
            var code = (int)(bits & ((1 << width) - 1));
            bits >>= width;
            bitCount -= width;
            if (code == clear)
            {
                (width, next, previous) = (minCode + 1, end + 1, -1);
                continue;
            }
            if (code == end)
            {
                return [.. output];
            }
            Assert.True(code <= next, $"code {code} beyond the table ({next})");
            var string_ = code < next ? Expand(code, prefix, suffix, length) : [.. Expand(previous, prefix, suffix, length), Expand(previous, prefix, suffix, length)[0]];
            output.AddRange(string_);
            if (previous >= 0 && next < 4096)
            {
                prefix[next] = previous;
                suffix[next] = string_[0];
                length[next] = length[previous] + 1;
                next++;
                if (next == 1 << width && width < 12)
                {
                    width++;
                }
            }
            previous = code;
        }
    }

    private static byte[] Expand(int code, int[] prefix, byte[] suffix, int[] length)
    {
        var s = new byte[length[code]];
        for (var i = s.Length - 1; i >= 0; i--)
        {
            s[i] = suffix[code];
            code = prefix[code];
        }
        return s;
    }
}
