namespace Edge.Sim.Scenes;

/// <summary>
/// A 5×7 bitmap font of the digits 0–9, drawn for this project (no third-party font, no licence
/// attached). Cells are row-major, 1 = ink.
/// </summary>
public static class DigitFont
{
    /// <summary>Glyph width in cells.</summary>
    public const int Columns = 5;

    /// <summary>Glyph height in cells.</summary>
    public const int Rows = 7;

    private static readonly byte[][] Glyphs =
    [
        Parse(".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."),
        Parse("..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."),
        Parse(".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"),
        Parse("#####", "...#.", "..#..", "...#.", "....#", "#...#", ".###."),
        Parse("...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."),
        Parse("#####", "#....", "####.", "....#", "....#", "#...#", ".###."),
        Parse("..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###."),
        Parse("#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."),
        Parse(".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."),
        Parse(".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##.."),
    ];

    /// <summary>The cells of <paramref name="digit"/> (0–9).</summary>
    public static ReadOnlySpan<byte> Glyph(int digit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(digit);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(digit, 9);
        return Glyphs[digit];
    }

    private static byte[] Parse(params string[] rows)
    {
        var cells = new byte[Columns * Rows];
        for (var r = 0; r < Rows; r++)
        {
            for (var c = 0; c < Columns; c++)
            {
                cells[(r * Columns) + c] = rows[r][c] == '#' ? (byte)1 : (byte)0;
            }
        }
        return cells;
    }
}
