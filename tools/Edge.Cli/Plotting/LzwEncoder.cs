namespace Edge.Cli.Plotting;

/// <summary>
/// The variable-length LZW code of GIF image data (GIF89a, appendix F): codes start one bit wider
/// than the minimum code size, grow to 12 bits, and a clear code restarts the table when it is full.
/// The codes are packed least significant bit first and written in sub-blocks of at most 255 bytes.
/// </summary>
internal sealed class LzwEncoder
{
    private const int MaxCodes = 4096;
    private readonly Dictionary<int, int> _table = new(MaxCodes);
    private readonly List<byte> _packed = [];
    private int _bitBuffer;
    private int _bitCount;

    /// <summary>Writes the minimum code size, the coded <paramref name="indices"/> and the block terminator to <paramref name="output"/>.</summary>
    /// <param name="output">The GIF stream.</param>
    /// <param name="indices">Palette indices, each below 2^<paramref name="minCodeSize"/>.</param>
    /// <param name="minCodeSize">Bits per index (2 to 8).</param>
    public void Encode(Stream output, ReadOnlySpan<byte> indices, int minCodeSize)
    {
        var clear = 1 << minCodeSize;
        var end = clear + 1;
        _packed.Clear();
        _bitBuffer = 0;
        _bitCount = 0;
        var width = minCodeSize + 1;
        var next = end + 1;
        _table.Clear();
        Emit(clear, width);
        if (indices.Length > 0)
        {
            var prefix = (int)indices[0];
            for (var i = 1; i < indices.Length; i++)
            {
                var k = indices[i];
                var key = (prefix << 8) | k;
                if (_table.TryGetValue(key, out var code))
                {
                    prefix = code;
                    continue;
                }
                Emit(prefix, width);
                if (next < MaxCodes)
                {
                    _table[key] = next++;
                    // The decoder widens its codes one code later than it adds them: widen once the new code no longer fits.
                    if (next > (1 << width) && width < 12)
                    {
                        width++;
                    }
                }
                else
                {
                    Emit(clear, width);
                    _table.Clear();
                    width = minCodeSize + 1;
                    next = end + 1;
                }
                prefix = k;
            }
            Emit(prefix, width);
        }
        Emit(end, width);
        if (_bitCount > 0)
        {
            _packed.Add((byte)_bitBuffer);
        }
        output.WriteByte((byte)minCodeSize);
        for (var at = 0; at < _packed.Count; at += 255)
        {
            var n = Math.Min(255, _packed.Count - at);
            output.WriteByte((byte)n);
            for (var j = 0; j < n; j++)
            {
                output.WriteByte(_packed[at + j]);
            }
        }
        output.WriteByte(0);
    }

    private void Emit(int code, int width)
    {
        _bitBuffer |= code << _bitCount;
        _bitCount += width;
        while (_bitCount >= 8)
        {
            _packed.Add((byte)_bitBuffer);
            _bitBuffer >>= 8;
            _bitCount -= 8;
        }
    }
}
