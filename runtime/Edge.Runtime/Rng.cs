using System.Globalization;

namespace Edge.Runtime;

/// <summary>
/// A small, fast, seedable random generator (xoshiro256** seeded through SplitMix64). Everything
/// random in Edge — initialisation, dropout masks, feedback matrices, benchmark inputs, the
/// simulated sensor — draws from one of these, so a seed reproduces a run exactly.
/// A struct-free class: no allocation per draw.
/// </summary>
public sealed class Rng
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spareNormal;
    private bool _hasSpare;

    /// <summary>Creates a generator from a 64-bit seed.</summary>
    public Rng(ulong seed)
    {
        _s0 = SplitMix(ref seed);
        _s1 = SplitMix(ref seed);
        _s2 = SplitMix(ref seed);
        _s3 = SplitMix(ref seed);
    }

    /// <summary>A generator derived from a seed and a stream index (independent sub-streams).</summary>
    public static Rng Derive(ulong seed, ulong stream) => new(seed ^ (0x9E3779B97F4A7C15UL * (stream + 1)));

    /// <summary>Next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform double in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform float in [0, 1).</summary>
    public float NextSingle() => (NextUInt64() >> 40) * (1f / (1 << 24));

    /// <summary>Uniform integer in [0, <paramref name="maxExclusive"/>).</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        return (int)((NextUInt64() >> 33) * (ulong)maxExclusive >> 31);
    }

    /// <summary>Uniform double in [lo, hi).</summary>
    public double Uniform(double lo, double hi) => lo + ((hi - lo) * NextDouble());

    /// <summary>Standard normal draw (Box–Muller, polar form).</summary>
    public double NextNormal()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareNormal;
        }
        double u, v, s;
        do
        {
            u = (2.0 * NextDouble()) - 1.0;
            v = (2.0 * NextDouble()) - 1.0;
            s = (u * u) + (v * v);
        }
        while (s >= 1.0 || s == 0.0);
        var m = Math.Sqrt(-2.0 * Math.Log(s) / s);
        _spareNormal = v * m;
        _hasSpare = true;
        return u * m;
    }

    /// <summary>
    /// The generator's whole state, so a checkpoint can continue its sequence exactly: four 64-bit
    /// words and the spare normal draw, as hexadecimal text (<c>s0:s1:s2:s3</c>, then <c>:spare</c>
    /// when a normal draw is waiting).
    /// </summary>
    public string State
    {
        get => _hasSpare
            ? string.Create(CultureInfo.InvariantCulture, $"{_s0:x16}:{_s1:x16}:{_s2:x16}:{_s3:x16}:{BitConverter.DoubleToInt64Bits(_spareNormal):x16}")
            : string.Create(CultureInfo.InvariantCulture, $"{_s0:x16}:{_s1:x16}:{_s2:x16}:{_s3:x16}");
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            var parts = value.Split(':');
            if (parts.Length is not (4 or 5) || !TryWord(parts[0], out var s0) || !TryWord(parts[1], out var s1)
                || !TryWord(parts[2], out var s2) || !TryWord(parts[3], out var s3) || (s0 | s1 | s2 | s3) == 0)
            {
                throw new FormatException($"'{value}' is not a generator state (four non-zero hexadecimal words s0:s1:s2:s3, then an optional spare)");
            }
            var spare = 0UL;
            if (parts.Length == 5 && !TryWord(parts[4], out spare))
            {
                throw new FormatException($"'{value}' is not a generator state: its spare draw '{parts[4]}' is not a hexadecimal word");
            }
            (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
            _hasSpare = parts.Length == 5;
            _spareNormal = _hasSpare ? BitConverter.Int64BitsToDouble((long)spare) : 0;
        }
    }

    private static bool TryWord(string text, out ulong word) =>
        ulong.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out word) && text.Length <= 16;

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Bernoulli(double p) => NextDouble() < p;

    /// <summary>Shuffles a span in place (Fisher–Yates).</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
