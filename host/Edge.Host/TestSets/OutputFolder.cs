namespace Edge.Host.TestSets;

/// <summary>The folder a test set goes into: created, and refused when it already holds files (nothing is overwritten).</summary>
internal static class OutputFolder
{
    /// <summary>Creates <paramref name="path"/> or checks that it is empty.</summary>
    /// <exception cref="IOException">The path is a file, or a folder that is not empty.</exception>
    public static void Prepare(string path)
    {
        if (File.Exists(path))
        {
            throw new IOException($"{path}: is a file; give a new or empty folder with --out");
        }
        if (Directory.Exists(path) && Directory.EnumerateFileSystemEntries(path).Any())
        {
            throw new IOException($"{path}: folder is not empty; give a new or empty folder with --out (test sets are never written over)");
        }
        Directory.CreateDirectory(path);
    }
}
