namespace Edge.Drivers.Datasets;

/// <summary>
/// The "one folder per class" layout (N-MNIST digits, CIFAR10-DVS, N-Caltech101): class folders
/// sorted by name, the recordings of each sorted in natural order (so <c>x_9</c> comes before
/// <c>x_10</c>). Hidden entries (a leading dot) are ignored.
/// </summary>
internal static class ClassFolders
{
    /// <summary>One class: its folder name and its recordings.</summary>
    public sealed record Folder(string Name, string[] Files);

    /// <summary>The class folders under <paramref name="root"/> with their files of <paramref name="isRecording"/>.</summary>
    public static List<Folder> Read(string root, Func<string, bool> isRecording, string layout)
    {
        RequireFolder(root, layout);
        var folders = new List<Folder>();
        var names = Directory.GetDirectories(root);
        Array.Sort(names, StringComparer.Ordinal);
        foreach (var dir in names)
        {
            var name = Path.GetFileName(dir);
            if (name.StartsWith('.'))
            {
                continue;
            }
            var files = new List<string>();
            foreach (var file in Directory.GetFiles(dir))
            {
                if (!Path.GetFileName(file).StartsWith('.') && isRecording(file))
                {
                    files.Add(file);
                }
            }
            files.Sort(NaturalOrder.Instance);
            folders.Add(new Folder(name, [.. files]));
        }
        if (folders.Count == 0)
        {
            throw new DatasetException(root, $"holds no class folders; expected {layout}");
        }
        return folders;
    }

    /// <summary>Throws a <see cref="DatasetException"/> unless <paramref name="path"/> is a folder.</summary>
    public static void RequireFolder(string path, string layout)
    {
        if (!Directory.Exists(path))
        {
            throw new DatasetException(path, File.Exists(path)
                ? $"is a file, not a dataset folder; expected {layout}"
                : $"no such folder; expected {layout}");
        }
    }

    /// <summary>True when <paramref name="path"/> has the extension <paramref name="extension"/> (case-insensitive).</summary>
    public static bool HasExtension(string path, string extension) =>
        Path.GetExtension(path).Equals(extension, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Orders names so that runs of digits compare by value: <c>img_9</c> before <c>img_10</c>.</summary>
internal sealed class NaturalOrder : IComparer<string>
{
    public static NaturalOrder Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }
        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
            {
                var si = i;
                var sj = j;
                while (i < x.Length && char.IsAsciiDigit(x[i]))
                {
                    i++;
                }
                while (j < y.Length && char.IsAsciiDigit(y[j]))
                {
                    j++;
                }
                var a = x.AsSpan(si, i - si).TrimStart('0');
                var b = y.AsSpan(sj, j - sj).TrimStart('0');
                var byValue = a.Length != b.Length ? a.Length.CompareTo(b.Length) : a.SequenceCompareTo(b);
                if (byValue != 0)
                {
                    return byValue;
                }
                continue;
            }
            if (x[i] != y[j])
            {
                return x[i].CompareTo(y[j]);
            }
            i++;
            j++;
        }
        var rest = (x.Length - i).CompareTo(y.Length - j);
        return rest != 0 ? rest : string.CompareOrdinal(x, y);
    }
}
