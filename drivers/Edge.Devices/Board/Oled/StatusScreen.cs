using System.Globalization;
using Iot.Device.Max7219;

namespace Edge.Devices.Board.Oled;

/// <summary>What the board shows about the learner.</summary>
/// <param name="PredictedClass">The predicted class, or −1 before the first prediction.</param>
/// <param name="RunningAccuracy">Running accuracy in [0, 1] (on taught windows), or NaN when unknown.</param>
/// <param name="EventRate">Camera events per second.</param>
/// <param name="TeachLabel">The class being taught, or null.</param>
/// <param name="Confidence">Confidence of the prediction in [0, 1], or NaN when unknown.</param>
/// <param name="Learning">True while the run learns, false in inference mode.</param>
public readonly record struct BoardStatus(int PredictedClass, double RunningAccuracy, double EventRate, int? TeachLabel, double Confidence = double.NaN, bool Learning = true);

/// <summary>
/// Renders a <see cref="BoardStatus"/> into a 1-bit OLED frame in four text lines — class and its
/// name; confidence and mode; accuracy and event rate; teach label — with the 8×8 CP437 font of
/// Iot.Device.Bindings.
/// Glyphs are copied once; rendering allocates nothing.
/// </summary>
public sealed class StatusScreen
{
    private const int GlyphWidth = 6;
    private const int Advance = GlyphWidth + 1;
    private const char First = ' ';
    private const char Last = '~';
    private static readonly byte[] Glyphs = LoadGlyphs();
    private readonly IReadOnlyList<string> _classNames;
    private readonly byte[] _frame;
    private readonly char[] _line;

    /// <summary>Creates a screen for a display of <paramref name="width"/> × <paramref name="pages"/> × 8 pixels.</summary>
    public StatusScreen(int width, int pages, IReadOnlyList<string>? classNames = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfLessThan(pages, 4);
        Width = width;
        Pages = pages;
        _classNames = classNames ?? [];
        _frame = new byte[width * pages];
        _line = new char[width / Advance];
    }

    /// <summary>Pixels per row.</summary>
    public int Width { get; }

    /// <summary>8-row pages.</summary>
    public int Pages { get; }

    /// <summary>The last rendered frame (page-major, bit 0 = top row of the page).</summary>
    public ReadOnlySpan<byte> Frame => _frame;

    /// <summary>Renders <paramref name="status"/> into <see cref="Frame"/>.</summary>
    public ReadOnlySpan<byte> Render(in BoardStatus status)
    {
        Array.Clear(_frame);
        var spacing = Pages / 4; // 64-pixel panels leave a blank page between lines
        DrawLine(0, ClassLine(status.PredictedClass, "CLASS "));
        DrawLine(spacing, ConfidenceLine(status.Confidence, status.Learning));
        DrawLine(2 * spacing, AccuracyLine(status.RunningAccuracy, status.EventRate));
        DrawLine(3 * spacing, status.TeachLabel is { } label ? ClassLine(label, "TEACH ") : "TEACH -");
        return _frame;
    }

    private ReadOnlySpan<char> ClassLine(int cls, string prefix)
    {
        var line = _line.AsSpan();
        var n = Append(line, 0, prefix);
        if (cls < 0)
        {
            return line[..Append(line, n, "-")];
        }
        cls.TryFormat(line[n..], out var digits, provider: CultureInfo.InvariantCulture);
        n += digits;
        if (cls < _classNames.Count)
        {
            n = Append(line, n, " ");
            n = Append(line, n, _classNames[cls]);
        }
        return line[..n];
    }

    private ReadOnlySpan<char> ConfidenceLine(double confidence, bool learning)
    {
        var line = _line.AsSpan();
        var n = PercentText(line, Append(line, 0, "CONF "), confidence, "0");
        return line[..Append(line, n, learning ? " LEARN" : " INFER")];
    }

    private ReadOnlySpan<char> AccuracyLine(double accuracy, double eventsPerSecond)
    {
        var line = _line.AsSpan();
        var n = PercentText(line, Append(line, 0, "ACC "), accuracy, "0.0");
        return line[..RateText(line, Append(line, n, " "), eventsPerSecond)];
    }

    /// <summary>Writes a fraction as a percentage (<c>-</c> when unknown); returns the new length.</summary>
    private static int PercentText(Span<char> line, int n, double fraction, string format)
    {
        if (double.IsNaN(fraction))
        {
            return Append(line, n, "-");
        }
        (100 * fraction).TryFormat(line[n..], out var written, format, CultureInfo.InvariantCulture);
        return Append(line, n + written, "%");
    }

    private static int RateText(Span<char> line, int n, double eventsPerSecond)
    {
        var (value, unit) = eventsPerSecond switch
        {
            >= 1e6 => (eventsPerSecond / 1e6, "M/s"),
            >= 1e3 => (eventsPerSecond / 1e3, "k/s"),
            _ => (eventsPerSecond, "/s"),
        };
        value.TryFormat(line[n..], out var written, eventsPerSecond >= 1e3 ? "0.0" : "0", CultureInfo.InvariantCulture);
        return Append(line, n + written, unit);
    }

    private static int Append(Span<char> line, int at, string text)
    {
        var n = Math.Min(text.Length, line.Length - at);
        text.AsSpan(0, n).CopyTo(line[at..]);
        return at + n;
    }

    private void DrawLine(int page, ReadOnlySpan<char> text)
    {
        var row = _frame.AsSpan(page * Width, Width);
        for (var i = 0; i < text.Length && ((i + 1) * Advance) - 1 <= Width; i++)
        {
            var c = text[i] is >= First and <= Last ? text[i] : '?';
            Glyphs.AsSpan((c - First) * GlyphWidth, GlyphWidth).CopyTo(row[(i * Advance)..]);
        }
    }

    private static byte[] LoadGlyphs()
    {
        // Each CP437 glyph is a list of column bytes, bit 0 at the top: the OLED page layout.
        var glyphs = new byte[(Last - First + 1) * GlyphWidth];
        for (var c = First; c <= Last; c++)
        {
            var columns = Fonts.CP437[c];
            for (var x = 0; x < Math.Min(GlyphWidth, columns.Count); x++)
            {
                glyphs[((c - First) * GlyphWidth) + x] = columns[x];
            }
        }
        return glyphs;
    }
}
