using System.Globalization;

namespace Edge.Drivers.Datasets;

/// <summary>One labelled gesture of a DVS Gesture recording.</summary>
/// <param name="Class">Class as the file writes it, 1 … 11.</param>
/// <param name="StartUs">First microsecond (inclusive), in the recording's own timestamps.</param>
/// <param name="EndUs">End (exclusive).</param>
public readonly record struct GestureLabel(int Class, long StartUs, long EndUs);

/// <summary>
/// Reads a DVS Gesture <c>userNN_lighting_labels.csv</c>: a header line
/// <c>class,startTime_usec,endTime_usec</c>, then one gesture per line. A bad line is reported
/// with its file and line number.
/// </summary>
public static class GestureLabels
{
    /// <summary>Number of classes (1 … 11 in the files, 0 … 10 as labels).</summary>
    public const int Classes = 11;

    /// <summary>The first line of every labels file.</summary>
    public const string Header = "class,startTime_usec,endTime_usec";

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="DatasetException">A line that is not three integers with class 1…11 and start &lt; end.</exception>
    public static List<GestureLabel> Read(string path)
    {
        var labels = new List<GestureLabel>();
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || (lineNumber == 1 && line.StartsWith("class", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }
            labels.Add(Parse(path, lineNumber, line));
        }
        if (labels.Count == 0)
        {
            throw new DatasetException(path, "holds no gestures; expected lines class,startTime_usec,endTime_usec");
        }
        return labels;
    }

    /// <summary>Writes <paramref name="labels"/> to <paramref name="path"/> with the dataset's header line.</summary>
    public static void Write(string path, IEnumerable<GestureLabel> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var lines = new List<string> { Header };
        foreach (var label in labels)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{label.Class},{label.StartUs},{label.EndUs}"));
        }
        File.WriteAllLines(path, lines);
    }

    private static GestureLabel Parse(string path, int lineNumber, string line)
    {
        var fields = line.Split(',');
        if (fields.Length != 3)
        {
            throw new DatasetException(path, lineNumber, $"'{line}' has {fields.Length} fields; expected class,startTime_usec,endTime_usec");
        }
        if (!int.TryParse(fields[0].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var cls) || cls < 1 || cls > Classes)
        {
            throw new DatasetException(path, lineNumber, $"class '{fields[0].Trim()}' is not a number from 1 to {Classes}");
        }
        if (!long.TryParse(fields[1].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var start))
        {
            throw new DatasetException(path, lineNumber, $"start time '{fields[1].Trim()}' is not a whole number of microseconds");
        }
        if (!long.TryParse(fields[2].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var end))
        {
            throw new DatasetException(path, lineNumber, $"end time '{fields[2].Trim()}' is not a whole number of microseconds");
        }
        if (end <= start)
        {
            throw new DatasetException(path, lineNumber, $"the gesture ends ({end} µs) before it starts ({start} µs)");
        }
        return new GestureLabel(cls, start, end);
    }
}
