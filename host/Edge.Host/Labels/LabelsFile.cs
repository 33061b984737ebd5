using System.Globalization;
using Edge.Runtime.Events;

namespace Edge.Host.Labels;

/// <summary>
/// Labels of a recording, for learning from a file or camera that has none of its own. A small
/// CSV, one labelled segment per line (times in the stream's microseconds, end exclusive):
/// <code>
/// # classes: left,right,up,down        (optional: fixes the class order)
/// start_us,end_us,label                (optional header)
/// 0,200000,left
/// 250000,450000,right
/// </code>
/// A label is a class name or a 0-based class index. Without a <c># classes:</c> line, integer
/// labels are used as they are (classes 0 … max) and names are numbered in sorted order.
/// Segments must be in time order and must not overlap; events between segments are skipped.
/// Other lines starting with <c>#</c> and blank lines are ignored.
/// </summary>
public sealed class LabelsFile
{
    private LabelsFile(string path, Segment[] segments, string[] classNames)
    {
        Path = path;
        Segments = segments;
        ClassNames = classNames;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>Segments in time order.</summary>
    public IReadOnlyList<Segment> Segments { get; }

    /// <summary>Class names; labels index this list.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Reads and checks <paramref name="path"/>.</summary>
    /// <exception cref="UserInputException">A malformed line (says file:line and what).</exception>
    public static LabelsFile Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new UserInputException($"--labels: no labels file at '{path}'");
        }
        return Parse(path, File.ReadAllLines(path));
    }

    /// <summary>Parses the lines of a labels file called <paramref name="path"/>.</summary>
    public static LabelsFile Parse(string path, IReadOnlyList<string> lines)
    {
        string[]? declared = null;
        var rows = new List<(long Start, long End, string Label, int Line)>();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].Trim();
            if (line.StartsWith("# classes:", StringComparison.OrdinalIgnoreCase))
            {
                declared = SplitNames(line["# classes:".Length..]);
                if (declared.Length == 0 || new HashSet<string>(declared, StringComparer.Ordinal).Count != declared.Length)
                {
                    throw Bad(path, i, "'# classes:' needs distinct, comma-separated class names");
                }
                continue;
            }
            if (line.Length == 0 || line[0] == '#' || (rows.Count == 0 && line.StartsWith("start_us", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }
            var fields = line.Split(',');
            if (fields.Length != 3)
            {
                throw Bad(path, i, $"expected start_us,end_us,label, found {fields.Length} field{(fields.Length == 1 ? "" : "s")}");
            }
            var start = Time(path, i, fields[0], "start_us");
            var end = Time(path, i, fields[1], "end_us");
            if (end <= start)
            {
                throw Bad(path, i, string.Create(CultureInfo.InvariantCulture, $"end_us {end} is not after start_us {start}"));
            }
            if (rows.Count > 0 && start < rows[^1].End)
            {
                throw Bad(path, i, string.Create(CultureInfo.InvariantCulture,
                    $"segment starts at {start} µs, before the previous one ends ({rows[^1].End} µs): segments must be in time order without overlap"));
            }
            var label = fields[2].Trim();
            if (label.Length == 0)
            {
                throw Bad(path, i, "the label is empty");
            }
            rows.Add((start, end, label, i));
        }
        if (rows.Count == 0)
        {
            throw new UserInputException($"{path}: no labelled segments (lines start_us,end_us,label)");
        }
        var classes = declared ?? InferClasses(rows);
        var segments = new Segment[rows.Count];
        for (var k = 0; k < rows.Count; k++)
        {
            var (start, end, label, line) = rows[k];
            segments[k] = new Segment(ClassIndex(path, line, label, classes), start, end);
        }
        return new LabelsFile(path, segments, classes);
    }

    private static string[] InferClasses(List<(long Start, long End, string Label, int Line)> rows)
    {
        var max = -1;
        var allNumbers = true;
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            names.Add(row.Label);
            if (int.TryParse(row.Label, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                max = Math.Max(max, n);
            }
            else
            {
                allNumbers = false;
            }
        }
        if (!allNumbers)
        {
            return [.. names];
        }
        var classes = new string[max + 1];
        for (var c = 0; c < classes.Length; c++)
        {
            classes[c] = c.ToString(CultureInfo.InvariantCulture);
        }
        return classes;
    }

    private static int ClassIndex(string path, int line, string label, string[] classes)
    {
        var named = Array.IndexOf(classes, label);
        if (named >= 0)
        {
            return named;
        }
        if (int.TryParse(label, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < classes.Length)
        {
            return index;
        }
        throw Bad(path, line, $"label '{label}' is not one of the classes ({string.Join(", ", classes)})");
    }

    private static long Time(string path, int line, string text, string name) =>
        long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) && v >= 0
            ? v
            : throw Bad(path, line, $"{name} '{text.Trim()}' is not a whole number of microseconds");

    private static string[] SplitNames(string text)
    {
        var names = new List<string>();
        foreach (var part in text.Split(','))
        {
            if (part.Trim() is { Length: > 0 } name)
            {
                names.Add(name);
            }
        }
        return [.. names];
    }

    private static UserInputException Bad(string path, int line, string problem) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{path}:{line + 1}: {problem}"));
}
