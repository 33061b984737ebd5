using System.Globalization;

namespace Edge.Host.Sources;

/// <summary>Wall-clock durations as the CLI writes them: <c>500ms</c>, <c>20s</c>, <c>5m</c>, <c>2h</c>.</summary>
public static class Durations
{
    /// <summary>Parses <paramref name="text"/>; <paramref name="option"/> names the option in the error.</summary>
    /// <exception cref="UserInputException">Not a positive number followed by ms, s, m or h.</exception>
    public static TimeSpan Parse(string text, string option)
    {
        ArgumentNullException.ThrowIfNull(text);
        var unit = text.EndsWith("ms", StringComparison.Ordinal) ? "ms" : text.Length > 0 ? text[^1..] : "";
        var scale = unit switch
        {
            "ms" => 1e-3,
            "s" => 1,
            "m" => 60,
            "h" => 3600,
            _ => double.NaN,
        };
        var number = text[..^Math.Max(unit.Length, 0)];
        if (double.IsNaN(scale) || !double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            || !(value > 0) || value * scale > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            throw new UserInputException($"{option} '{text}' is not a duration: write a positive number with ms, s, m or h (500ms, 20s, 5m, 2h)");
        }
        return TimeSpan.FromSeconds(value * scale);
    }
}
