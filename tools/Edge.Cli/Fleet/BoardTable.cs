using System.Globalization;

namespace Edge.Cli.Fleet;

/// <summary>The boards as a table for people (<c>edge fleet list</c> and <c>watch</c> without --json).</summary>
internal static class BoardTable
{
    private static readonly string[] Header = ["board", "status", "network", "seed", "mode", "samples", "accuracy", "last 100", "truth", "unsent"];

    public static string Format(IEnumerable<BoardRow> boards)
    {
        var inv = CultureInfo.InvariantCulture;
        var lines = new List<string[]> { Header };
        foreach (var b in boards.OrderBy(b => b.Board, StringComparer.Ordinal))
        {
            lines.Add([b.Board, b.Status, b.Network, b.WeightSeed.ToString(inv), b.Mode ?? "-", b.Samples?.ToString(inv) ?? "-",
                b.Accuracy?.ToString("0.000", inv) ?? "-", b.AccuracyLast100?.ToString("0.000", inv) ?? "-", b.AccuracyTruth?.ToString("0.000", inv) ?? "-",
                b.Unsent.ToString(inv)]);
        }
        var widths = new int[lines[0].Length];
        foreach (var line in lines)
        {
            for (var i = 0; i < line.Length; i++)
            {
                widths[i] = Math.Max(widths[i], line[i].Length);
            }
        }
        var text = new System.Text.StringBuilder();
        foreach (var line in lines)
        {
            for (var i = 0; i < line.Length; i++)
            {
                text.Append(line[i].PadRight(widths[i] + 2));
            }
            text.Append('\n');
        }
        return text.ToString();
    }
}
