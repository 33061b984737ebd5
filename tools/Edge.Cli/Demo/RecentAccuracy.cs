namespace Edge.Cli.Demo;

/// <summary>
/// The demo's one accuracy window: the last 20 % of the run's samples, a sliding window of
/// ⌈N/5⌉ samples for a run of N (fewer while the run is younger than that). The progress line, the
/// plot's curve and the summary's <c>accuracy_last_20pct</c> all use it.
/// </summary>
internal sealed class RecentAccuracy(int samples)
{
    private readonly Queue<bool> _recent = new();
    private int _hits;

    /// <summary>Window width in samples.</summary>
    public int Width { get; } = Math.Max(1, (int)Math.Ceiling(samples / 5.0));

    /// <summary>Label for the window, e.g. <c>last 20 % (120 samples)</c>.</summary>
    public string Label => FormattableString.Invariant($"last 20 % ({Width} samples)");

    /// <summary>Accuracy over the window (0 before the first sample).</summary>
    public double Value => _recent.Count == 0 ? 0 : _hits / (double)_recent.Count;

    /// <summary>Adds one sample's result.</summary>
    public void Add(bool correct)
    {
        _recent.Enqueue(correct);
        _hits += correct ? 1 : 0;
        if (_recent.Count > Width && _recent.Dequeue())
        {
            _hits--;
        }
    }
}
