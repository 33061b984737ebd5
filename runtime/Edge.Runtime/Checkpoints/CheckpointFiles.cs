using System.Globalization;

namespace Edge.Runtime.Checkpoints;

/// <summary>
/// The files of a checkpoint folder: <c>checkpoint-NNNNNNNN.safetensors</c>, numbered by save (the
/// highest number is the newest), the single <c>checkpoint.safetensors</c> of folders written before
/// checkpoints rotated (older than any numbered one), <c>.tmp</c> files of saves that never finished,
/// and the <c>damaged/</c> folder where unusable checkpoints are moved.
/// </summary>
internal static class CheckpointFiles
{
    private const string Prefix = "checkpoint-";
    private const string Extension = ".safetensors";
    private const string Temporary = ".tmp";

    /// <summary>The name of save number <paramref name="sequence"/>.</summary>
    public static string Name(long sequence) => string.Create(CultureInfo.InvariantCulture, $"{Prefix}{sequence:D8}{Extension}");

    /// <summary>The temporary file a save writes before it is renamed to <paramref name="final"/>.</summary>
    public static string TemporaryOf(string final) => final + Temporary;

    /// <summary>The checkpoints in <paramref name="directory"/> with their numbers (the single legacy file is 0), newest first.</summary>
    public static List<(long Sequence, string Path)> List(string directory)
    {
        var found = new List<(long, string)>();
        if (!Directory.Exists(directory))
        {
            return found;
        }
        foreach (var path in Directory.EnumerateFiles(directory, "checkpoint*" + Extension))
        {
            if (Sequence(Path.GetFileName(path)) is { } sequence)
            {
                found.Add((sequence, path));
            }
        }
        found.Sort(static (a, b) => b.Item1.CompareTo(a.Item1));
        return found;
    }

    /// <summary>
    /// The number after the newest in <paramref name="directory"/> (1 in an empty folder), counting
    /// the files set aside in <paramref name="damaged"/> too, so a number always names one save.
    /// </summary>
    public static long Next(string directory, string damaged)
    {
        var newest = 0L;
        foreach (var (sequence, _) in List(directory))
        {
            newest = Math.Max(newest, sequence);
        }
        foreach (var (sequence, _) in List(damaged))
        {
            newest = Math.Max(newest, sequence);
        }
        foreach (var path in Temporaries(directory))
        {
            // A save that was interrupted used its number; never reuse it, so a journal of saves stays unambiguous.
            if (Sequence(Path.GetFileName(path)[..^Temporary.Length]) is { } sequence)
            {
                newest = Math.Max(newest, sequence);
            }
        }
        return newest + 1;
    }

    /// <summary>Temporary files of saves that never finished.</summary>
    public static IEnumerable<string> Temporaries(string directory) =>
        Directory.Exists(directory) ? Directory.EnumerateFiles(directory, "checkpoint*" + Extension + Temporary) : [];

    /// <summary>Moves <paramref name="file"/> into <paramref name="damagedFolder"/> under a name not taken there; returns the new path.</summary>
    public static string MoveInto(string file, string damagedFolder)
    {
        Directory.CreateDirectory(damagedFolder);
        var name = Path.GetFileName(file);
        var target = Path.Combine(damagedFolder, name);
        for (var i = 1; File.Exists(target) || Directory.Exists(target); i++)
        {
            target = Path.Combine(damagedFolder, string.Create(CultureInfo.InvariantCulture, $"{name}.{i}"));
        }
        File.Move(file, target);
        return target;
    }

    private static long? Sequence(string name)
    {
        if (name == CheckpointStore.FileName)
        {
            return 0;
        }
        if (!name.StartsWith(Prefix, StringComparison.Ordinal) || !name.EndsWith(Extension, StringComparison.Ordinal))
        {
            return null;
        }
        var digits = name.AsSpan(Prefix.Length, name.Length - Prefix.Length - Extension.Length);
        return digits.Length is >= 1 and <= 18 && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;
    }
}
