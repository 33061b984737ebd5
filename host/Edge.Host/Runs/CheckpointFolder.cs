using Edge.Runtime.Checkpoints;

namespace Edge.Host.Runs;

/// <summary>The <c>--checkpoint</c> folder of every verb, checked before any work starts.</summary>
public static class CheckpointFolder
{
    /// <summary>Checkpoints kept when nothing else is asked for.</summary>
    public const int DefaultKeep = CheckpointStore.DefaultKeep;

    /// <summary>
    /// A folder the run will save into: refused when it names a file (<c>….safetensors</c>) or
    /// cannot be created or written, so a problem shows at start, not at the first save.
    /// </summary>
    /// <param name="path">The folder.</param>
    /// <param name="keep">Checkpoints kept (each save is a new file; older ones are deleted).</param>
    /// <exception cref="UserInputException">The path names a checkpoint file, a file, or a folder that cannot be written, or <paramref name="keep"/> is less than 1.</exception>
    public static CheckpointStore ForWriting(string path, int keep = CheckpointStore.DefaultKeep)
    {
        Check(path);
        CheckKeep(keep);
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
        return new CheckpointStore(path, keep);
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

    /// <summary>
    /// The checkpoint every verb resumes from (<see cref="CheckpointStore.Select"/>): the newest good
    /// one, or null for a fresh start. When the folder holds checkpoints and none is good, that is an
    /// error (nothing is changed) unless <paramref name="freshIfDamaged"/>. Once the chosen one is
    /// restored (or the fresh start is under way), <see cref="SetAside"/> moves the damaged ones away.
    /// </summary>
    /// <exception cref="CheckpointException">None of the folder's checkpoints is good, and <paramref name="freshIfDamaged"/> is false.</exception>
    public static CheckpointInfo? Choose(CheckpointStore store, bool freshIfDamaged)
    {
        ArgumentNullException.ThrowIfNull(store);
        var selection = store.Select();
        if (selection.NoneGood && !freshIfDamaged)
        {
            throw store.NoneGood(selection);
        }
        return selection.Info;
    }

    /// <summary>
    /// Moves the damaged checkpoints newer than the one resumed (all of them after a fresh start)
    /// into <c>damaged/</c>; returns one line for each: the file, why, where it went and what is used instead.
    /// </summary>
    /// <exception cref="CheckpointException">A damaged file could not be moved.</exception>
    public static IReadOnlyList<string> SetAside(CheckpointStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var resumed = store.FilePath;
        var moved = store.SetAsideDamaged();
        var lines = new List<string>(moved.Count);
        foreach (var m in moved)
        {
            lines.Add($"checkpoint {m.File} is damaged ({m.Reason}): moved to {m.MovedTo}; " +
                      (resumed is null ? "starting afresh" : $"resuming from {resumed}"));
        }
        return lines;
    }

    /// <summary>Checks a <c>checkpoint_keep</c> value.</summary>
    /// <exception cref="UserInputException">It is less than 1.</exception>
    public static void CheckKeep(int keep)
    {
        if (keep < 1)
        {
            throw new UserInputException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"checkpoint_keep {keep} must be at least 1 (the checkpoints kept in the folder)"));
        }
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
