using Edge.Runtime;
using Edge.Runtime.Events;

namespace Edge.Sim.Tasks;

/// <summary>
/// Label-independent background events: a Poisson stream over all pixels (uniform pixel, random
/// polarity) at a given rate per pixel, generated in time order by exponential gaps.
/// </summary>
internal sealed class DistractorNoise
{
    private readonly SensorGeometry _geometry;
    private readonly double _meanGapUs;
    private readonly Rng _random;
    private double _nextUs;
    private long _endUs;

    public DistractorNoise(SensorGeometry geometry, double ratePerPixelHz, ulong seed)
    {
        _geometry = geometry;
        _meanGapUs = 1e6 / (ratePerPixelHz * geometry.Pixels);
        _random = new Rng(seed);
    }

    /// <summary>Time of the next distractor event, or <see cref="long.MaxValue"/> when the window is over.</summary>
    public long NextUs { get; private set; } = long.MaxValue;

    /// <summary>Starts a window [start, end) of distractor events.</summary>
    public void Start(long startUs, long endUs)
    {
        _nextUs = startUs;
        _endUs = endUs;
        Advance();
    }

    /// <summary>Returns the next event and draws the one after it.</summary>
    public DvsEvent Take()
    {
        var e = new DvsEvent(NextUs, _random.NextInt(_geometry.Width), _random.NextInt(_geometry.Height), _random.NextDouble() < 0.5);
        Advance();
        return e;
    }

    private void Advance()
    {
        _nextUs += -_meanGapUs * Math.Log(1 - _random.NextDouble());
        NextUs = _nextUs < _endUs ? (long)_nextUs : long.MaxValue;
    }
}
