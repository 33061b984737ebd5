using Edge.Runtime.Checkpoints;

namespace Edge.Host.Runs;

/// <summary>The <c>--checkpoint</c> folder of every verb, checked before any work starts.</summary>
public static class CheckpointFolder
{
    /// <summary>
    /// A folder the run will save into: refused when it names a file (<c>….safetensors</c>) or
    /// cannot be created or written, so a problem shows at start, not at the first save.
    /// </summary>
    /// <exception cref="UserInputException">The path names a checkpoint file, a file, or a folder that cannot be written.</exception>
    public static CheckpointStore ForWriting(string path)
    {
        Check(path);
        try
        {
            Directory.CreateDirectory(path);
            var probe = Path.Combine(path, ".edge-write-test");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"--checkpoint '{path}': cannot write there ({ex.Message.TrimEnd('.')})", ex);
        }
        return new CheckpointStore(path);
    }

    /// <summary>A folder to read a checkpoint from (it must exist).</summary>
    /// <exception cref="UserInputException">The path names a file, or no such folder exists.</exception>
    public static CheckpointStore ForReading(string path)
    {
        Check(path);
        if (!Directory.Exists(path))
        {
            throw new UserInputException($"--checkpoint '{path}': no such folder");
        }
        return new CheckpointStore(path);
    }

    private static void Check(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
        {
            var folder = Path.GetDirectoryName(path);
            throw new UserInputException(
                $"--checkpoint '{path}' names a file: give its folder{(string.IsNullOrEmpty(folder) ? "" : $" ('{folder}')")}; the run keeps its checkpoints there");
        }
        if (File.Exists(path))
        {
            throw new UserInputException($"--checkpoint '{path}' is a file: give a folder");
        }
    }
}
