namespace Edge.Cli.Plotting;

/// <summary>An RGB image in memory with the few drawing operations the plots need.</summary>
internal sealed class Raster
{
    public Raster(int width, int height, Rgb background)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        Width = width;
        Height = height;
        Pixels = new byte[width * height * 3];
        FillRect(0, 0, width, height, background);
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Row-major RGB bytes.</summary>
    public byte[] Pixels { get; }

    public void Set(int x, int y, Rgb color)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height)
        {
            return;
        }
        var i = ((y * Width) + x) * 3;
        Pixels[i] = color.R;
        Pixels[i + 1] = color.G;
        Pixels[i + 2] = color.B;
    }

    public void FillRect(int x, int y, int w, int h, Rgb color)
    {
        for (var yy = Math.Max(0, y); yy < Math.Min(Height, y + h); yy++)
        {
            for (var xx = Math.Max(0, x); xx < Math.Min(Width, x + w); xx++)
            {
                Set(xx, yy, color);
            }
        }
    }

    public void DrawRect(int x, int y, int w, int h, Rgb color)
    {
        DrawLine(x, y, x + w - 1, y, color);
        DrawLine(x, y + h - 1, x + w - 1, y + h - 1, color);
        DrawLine(x, y, x, y + h - 1, color);
        DrawLine(x + w - 1, y, x + w - 1, y + h - 1, color);
    }

    /// <summary>A line (Bresenham), <paramref name="thickness"/> pixels wide.</summary>
    public void DrawLine(int x0, int y0, int x1, int y1, Rgb color, int thickness = 1)
    {
        int dx = Math.Abs(x1 - x0), dy = -Math.Abs(y1 - y0);
        int sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1;
        var err = dx + dy;
        var half = thickness / 2;
        while (true)
        {
            FillRect(x0 - half, y0 - half, thickness, thickness, color);
            if (x0 == x1 && y0 == y1)
            {
                break;
            }
            var e2 = 2 * err;
            if (e2 >= dy)
            {
                err += dy;
                x0 += sx;
            }
            if (e2 <= dx)
            {
                err += dx;
                y0 += sy;
            }
        }
    }

    /// <summary>Text in the 5×7 font, each font cell drawn as a <paramref name="scale"/>×<paramref name="scale"/> block.</summary>
    public void DrawText(int x, int y, string text, Rgb color, int scale = 1)
    {
        foreach (var ch in text)
        {
            var glyph = LabelFont.Glyph(ch);
            for (var r = 0; r < LabelFont.Rows; r++)
            {
                for (var c = 0; c < LabelFont.Columns; c++)
                {
                    if (glyph[(r * LabelFont.Columns) + c] != 0)
                    {
                        FillRect(x + (c * scale), y + (r * scale), scale, scale, color);
                    }
                }
            }
            x += (LabelFont.Columns + 1) * scale;
        }
    }

    /// <summary>Width in pixels of <paramref name="text"/> at <paramref name="scale"/>.</summary>
    public static int TextWidth(string text, int scale = 1) => text.Length * (LabelFont.Columns + 1) * scale;
}

/// <summary>An RGB colour.</summary>
internal readonly record struct Rgb(byte R, byte G, byte B)
{
    public static readonly Rgb White = new(255, 255, 255);
    public static readonly Rgb Black = new(0, 0, 0);
    public static readonly Rgb Grey = new(200, 200, 200);
    public static readonly Rgb DarkGrey = new(90, 90, 90);

    /// <summary>A palette of distinct series colours.</summary>
    public static readonly Rgb[] Palette =
    [
        new(31, 119, 180), new(255, 127, 14), new(44, 160, 44), new(214, 39, 40),
        new(148, 103, 189), new(140, 86, 75), new(227, 119, 194), new(127, 127, 127),
    ];
}
