namespace Edge.Cli.Plotting;

/// <summary>
/// Writes <see cref="Raster"/> frames as an animated GIF (GIF89a, looping): one global palette of
/// at most 256 colours that every frame's pixels must come from (exact matches; anything else is
/// drawn in the nearest palette colour), one LZW-coded image per frame with its delay.
/// </summary>
internal sealed class GifWriter : IDisposable
{
    private readonly Stream _output;
    private readonly Rgb[] _palette;
    private readonly Dictionary<Rgb, byte> _index = [];
    private readonly LzwEncoder _lzw = new();
    private readonly int _width;
    private readonly int _height;
    private byte[] _indices = [];

    /// <summary>Starts a GIF of <paramref name="width"/>×<paramref name="height"/> with <paramref name="palette"/>.</summary>
    public GifWriter(Stream output, int width, int height, IReadOnlyList<Rgb> palette)
    {
        if (palette.Count is < 2 or > 256)
        {
            throw new ArgumentException("a GIF palette has 2 to 256 colours", nameof(palette));
        }
        _output = output;
        _width = width;
        _height = height;
        _palette = new Rgb[256];
        for (var i = 0; i < _palette.Length; i++)
        {
            _palette[i] = palette[Math.Min(i, palette.Count - 1)];
        }
        for (var i = palette.Count - 1; i >= 0; i--)
        {
            _index[palette[i]] = (byte)i;
        }
        WriteHeader();
    }

    /// <summary>Adds a frame shown for <paramref name="delayCentiseconds"/> (browsers show at least 2).</summary>
    public void Add(Raster frame, int delayCentiseconds)
    {
        if (frame.Width != _width || frame.Height != _height)
        {
            throw new ArgumentException("every frame of a GIF has the GIF's size", nameof(frame));
        }
        // Graphic control extension: no transparency, the delay.
        var delay = Math.Clamp(delayCentiseconds, 0, ushort.MaxValue);
        _output.Write([0x21, 0xF9, 4, 0, (byte)delay, (byte)(delay >> 8), 0, 0]);
        // Image descriptor: the whole canvas, no local palette, not interlaced.
        _output.WriteByte(0x2C);
        WriteShort(0);
        WriteShort(0);
        WriteShort(_width);
        WriteShort(_height);
        _output.WriteByte(0);
        if (_indices.Length != _width * _height)
        {
            _indices = new byte[_width * _height];
        }
        var pixels = frame.Pixels;
        for (var i = 0; i < _indices.Length; i++)
        {
            _indices[i] = IndexOf(new Rgb(pixels[3 * i], pixels[(3 * i) + 1], pixels[(3 * i) + 2]));
        }
        _lzw.Encode(_output, _indices, 8);
    }

    /// <summary>Writes the trailer.</summary>
    public void Dispose() => _output.WriteByte(0x3B);

    private byte IndexOf(Rgb colour)
    {
        if (_index.TryGetValue(colour, out var i))
        {
            return i;
        }
        var best = 0;
        var bestDistance = int.MaxValue;
        for (var p = 0; p < _palette.Length; p++)
        {
            var (dr, dg, db) = (_palette[p].R - colour.R, _palette[p].G - colour.G, _palette[p].B - colour.B);
            var distance = (dr * dr) + (dg * dg) + (db * db);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (p, distance);
            }
        }
        _index[colour] = (byte)best;
        return (byte)best;
    }

    private void WriteHeader()
    {
        _output.Write("GIF89a"u8);
        WriteShort(_width);
        WriteShort(_height);
        _output.Write([0xF7, 0, 0]); // global colour table of 256 entries, 8 bits per primary
        foreach (var c in _palette)
        {
            _output.Write([c.R, c.G, c.B]);
        }
        // NETSCAPE2.0 application extension: loop forever.
        _output.Write([0x21, 0xFF, 11]);
        _output.Write("NETSCAPE2.0"u8);
        _output.Write([3, 1, 0, 0, 0]);
    }

    private void WriteShort(int value) => _output.Write([(byte)value, (byte)(value >> 8)]);
}
