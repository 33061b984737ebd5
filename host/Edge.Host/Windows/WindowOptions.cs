using System.Globalization;
using Edge.Host.Sources;

namespace Edge.Host.Windows;

/// <summary>
/// How a stream without labelled segments is cut into windows, each binned into the network's T
/// frames and predicted (and learned when a label is taught): fixed windows of
/// <see cref="DurationUs"/>, or, with <see cref="Auto"/>, windows that start when the event rate
/// rises above <see cref="RateEventsPerS"/> and end when it falls below it (or at
/// <see cref="MaxDurationUs"/>).
/// </summary>
public sealed record WindowOptions
{
    /// <summary>Bin over which the rate of an automatic window is measured.</summary>
    public const long RateBinUs = 10_000;

    /// <summary>Length of a fixed window, µs (default 200 ms, the demo's segment).</summary>
    public long DurationUs { get; init; } = 200_000;

    /// <summary>True for windows cut by the event rate.</summary>
    public bool Auto { get; init; }

    /// <summary>Event rate, per second, above which an automatic window runs.</summary>
    public double RateEventsPerS { get; init; } = 20_000;

    /// <summary>Longest automatic window, µs (default 1 s).</summary>
    public long MaxDurationUs { get; init; } = 1_000_000;

    /// <summary>Events an automatic window can hold (its buffer is allocated once); a fuller window ends there.</summary>
    public int MaxEvents { get; init; } = 1 << 20;

    /// <summary>
    /// Parses <c>--window</c> (<c>200ms</c>, <c>1s</c> or <c>auto</c>) with <c>--window-rate</c>
    /// (events per second, for auto); null values keep the defaults.
    /// </summary>
    /// <exception cref="UserInputException">A malformed duration or rate.</exception>
    public static WindowOptions Parse(string? window, string? rate, long defaultDurationUs)
    {
        var options = new WindowOptions { DurationUs = defaultDurationUs };
        if (string.Equals(window, "auto", StringComparison.OrdinalIgnoreCase))
        {
            options = options with { Auto = true };
        }
        else if (!string.IsNullOrWhiteSpace(window))
        {
            options = options with { DurationUs = (long)Math.Round(Durations.Parse(window, "window").TotalMicroseconds) };
        }
        if (!string.IsNullOrWhiteSpace(rate))
        {
            if (!double.TryParse(rate, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) || !(r > 0) || double.IsInfinity(r))
            {
                throw new UserInputException($"window_rate '{rate}' is not a positive number of events per second");
            }
            if (!options.Auto)
            {
                throw new UserInputException("window_rate only applies to --window auto");
            }
            options = options with { RateEventsPerS = r };
        }
        return options;
    }

    /// <summary>How the windows are cut, for logs: <c>200 ms</c> or <c>auto above 20000 ev/s (at most 1000 ms)</c>.</summary>
    public override string ToString() => Auto
        ? string.Create(CultureInfo.InvariantCulture, $"auto above {RateEventsPerS:0} ev/s (at most {MaxDurationUs / 1000} ms)")
        : string.Create(CultureInfo.InvariantCulture, $"{DurationUs / 1000.0:0.###} ms");
}
