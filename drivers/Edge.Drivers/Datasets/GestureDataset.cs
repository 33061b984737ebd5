using System.Globalization;
using Edge.Runtime.Events;

namespace Edge.Drivers.Datasets;

/// <summary>
/// DVS128 Gesture: <c>userNN_lighting.aedat</c> recordings (AEDAT 3.1) beside
/// <c>userNN_lighting_labels.csv</c>; every labelled gesture is one sample. The split is the
/// dataset's own <c>trials_to_train.txt</c> / <c>trials_to_test.txt</c> when present, else users
/// 1–23 train and 24–29 test (the same split).
/// </summary>
public static class GestureDataset
{
    private const string Layout = "userNN_lighting.aedat recordings with userNN_lighting_labels.csv (the DVS128 Gesture layout)";

    /// <summary>The DVS128 array.</summary>
    public static readonly SensorGeometry Geometry = new(128, 128);

    /// <summary>Last user of the training split when there is no trials list.</summary>
    public const int LastTrainUser = 23;

    /// <summary>The class names, in label order (gesture_mapping.csv).</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
    [
        "hand_clapping", "right_hand_wave", "left_hand_wave", "right_arm_clockwise", "right_arm_counter_clockwise",
        "left_arm_clockwise", "left_arm_counter_clockwise", "arm_roll", "air_drums", "air_guitar", "other_gestures",
    ];

    /// <summary>The recording name of <paramref name="user"/> under <paramref name="lighting"/>: <c>user07_fluorescent</c>.</summary>
    public static string RecordingName(int user, string lighting) =>
        string.Create(CultureInfo.InvariantCulture, $"user{user:D2}_{lighting}");

    /// <summary>The list of a split's recordings: <c>trials_to_train.txt</c> or <c>trials_to_test.txt</c>.</summary>
    public static string TrialsFileName(DatasetSplit split) => split == DatasetSplit.Train ? "trials_to_train.txt" : "trials_to_test.txt";

    /// <summary>Writes the trials list of <paramref name="split"/> into <paramref name="root"/>: one <c>NAME.aedat</c> a line, as the dataset ships it.</summary>
    public static void WriteTrials(string root, DatasetSplit split, IEnumerable<string> recordingNames)
    {
        ArgumentNullException.ThrowIfNull(recordingNames);
        var lines = new List<string>();
        foreach (var name in recordingNames)
        {
            lines.Add(name + ".aedat");
        }
        File.WriteAllLines(Path.Combine(root, TrialsFileName(split)), lines);
    }

    /// <summary>Opens the <paramref name="split"/> of the DVS Gesture folder <paramref name="root"/>.</summary>
    public static FileDataset Open(string root, DatasetSplit split)
    {
        ClassFolders.RequireFolder(root, Layout);
        var recordings = new List<string>();
        foreach (var file in Directory.GetFiles(root, "user*_*.aedat"))
        {
            if (ClassFolders.HasExtension(file, ".aedat"))
            {
                recordings.Add(file);
            }
        }
        recordings.Sort(StringComparer.Ordinal);
        if (recordings.Count == 0)
        {
            throw new DatasetException(root, $"holds no user*_*.aedat recordings; expected {Layout}");
        }
        var chosen = Chosen(root, recordings, split);
        var files = new List<string>();
        var samples = new List<DatasetSample>();
        foreach (var recording in chosen)
        {
            var csv = Path.Combine(root, Path.GetFileNameWithoutExtension(recording) + "_labels.csv");
            if (!File.Exists(csv))
            {
                throw new DatasetException(csv, $"is missing: every recording needs its labels file; expected {Layout}");
            }
            var labels = GestureLabels.Read(csv);
            labels.Sort(static (a, b) => a.StartUs.CompareTo(b.StartUs));
            foreach (var label in labels)
            {
                samples.Add(new DatasetSample(label.Class - 1, files.Count, label.StartUs, label.EndUs));
            }
            files.Add(recording);
        }
        if (samples.Count == 0)
        {
            throw new DatasetException(root, $"has no {DatasetNames.Of(split)} recordings; expected {Layout}");
        }
        return new FileDataset(DatasetKind.Gesture, split, root, Geometry, ClassNames, files, samples);
    }

    /// <summary>The recordings of the split: from the trials list when there is one, else by user number.</summary>
    private static List<string> Chosen(string root, List<string> recordings, DatasetSplit split)
    {
        var list = Path.Combine(root, TrialsFileName(split));
        var chosen = new List<string>();
        if (File.Exists(list))
        {
            var lineNumber = 0;
            foreach (var raw in File.ReadLines(list))
            {
                lineNumber++;
                var name = raw.Trim();
                if (name.Length == 0)
                {
                    continue;
                }
                if (!name.EndsWith(".aedat", StringComparison.OrdinalIgnoreCase))
                {
                    name += ".aedat";
                }
                var path = Path.Combine(root, name);
                if (!File.Exists(path))
                {
                    throw new DatasetException(list, lineNumber, $"lists '{raw.Trim()}', which is not in {root}");
                }
                chosen.Add(path);
            }
            return chosen;
        }
        foreach (var recording in recordings)
        {
            var user = UserOf(recording);
            if ((user <= LastTrainUser) == (split == DatasetSplit.Train))
            {
                chosen.Add(recording);
            }
        }
        return chosen;
    }

    private static int UserOf(string recording)
    {
        var name = Path.GetFileName(recording);
        var underscore = name.IndexOf('_', StringComparison.Ordinal);
        if (underscore > 4 && int.TryParse(name.AsSpan(4, underscore - 4), NumberStyles.None, CultureInfo.InvariantCulture, out var user))
        {
            return user;
        }
        throw new DatasetException(recording, $"is not named userNN_lighting.aedat, so its user (and split) is unknown; expected {Layout}");
    }
}
