using Edge.Runtime;

namespace Edge.Sim.Scenes;

/// <summary>
/// A smooth random texture that repeats every <see cref="Period"/> scene units in x and y: two
/// octaves of value noise (random values on a coarse and a twice finer grid, blended with
/// smoothstep weights, so intensity changes smoothly under sub-pixel motion). Values lie in [0, 1].
/// Redrawn in place from a generator; sampling allocates nothing.
/// </summary>
public sealed class ValueNoiseTexture
{
    private readonly int _cells;
    private readonly float[] _coarse;
    private readonly float[] _fine;

    /// <summary>A texture with <paramref name="cells"/> coarse cells per period (and 2× as many fine ones).</summary>
    public ValueNoiseTexture(int cells = 5, double period = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cells, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(period);
        _cells = cells;
        Period = period;
        _coarse = new float[cells * cells];
        _fine = new float[4 * cells * cells];
    }

    /// <summary>The repeat length in scene units.</summary>
    public double Period { get; }

    /// <summary>Draws new random values.</summary>
    public void Redraw(Rng random)
    {
        ArgumentNullException.ThrowIfNull(random);
        for (var i = 0; i < _coarse.Length; i++)
        {
            _coarse[i] = random.NextSingle();
        }
        for (var i = 0; i < _fine.Length; i++)
        {
            _fine[i] = random.NextSingle();
        }
    }

    /// <summary>The texture at (x, y) scene units, in [0, 1].</summary>
    public double Sample(double x, double y)
    {
        var u = x / Period;
        var v = y / Period;
        return ((2 * Octave(_coarse, _cells, u, v)) + Octave(_fine, 2 * _cells, u, v)) / 3;
    }

    private static double Octave(float[] grid, int n, double u, double v)
    {
        var gx = (u - Math.Floor(u)) * n;
        var gy = (v - Math.Floor(v)) * n;
        var x0 = (int)gx;
        var y0 = (int)gy;
        var fx = Smooth(gx - x0);
        var fy = Smooth(gy - y0);
        x0 %= n;
        y0 %= n;
        var x1 = (x0 + 1) % n;
        var y1 = (y0 + 1) % n;
        var top = grid[(y0 * n) + x0] + (fx * (grid[(y0 * n) + x1] - grid[(y0 * n) + x0]));
        var bottom = grid[(y1 * n) + x0] + (fx * (grid[(y1 * n) + x1] - grid[(y1 * n) + x0]));
        return top + (fy * (bottom - top));
    }

    private static double Smooth(double t) => t * t * (3 - (2 * t));
}
