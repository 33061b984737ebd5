namespace Edge.Runtime.Checkpoints;

/// <summary>A checkpoint file that cannot be used, and why.</summary>
/// <param name="File">The file.</param>
/// <param name="Reason">What is wrong with it (one line).</param>
public sealed record DamagedCheckpoint(string File, string Reason);

/// <summary>A damaged checkpoint moved out of the way, into the folder's <c>damaged/</c> folder.</summary>
/// <param name="File">Where it was.</param>
/// <param name="Reason">What is wrong with it.</param>
/// <param name="MovedTo">Where it is now (it is never deleted).</param>
public sealed record SetAsideCheckpoint(string File, string Reason, string MovedTo);

/// <summary>
/// What a checkpoint folder offers to resume from: the newest checkpoint that is complete and
/// intact (format, structure and checksum checked), and the damaged ones newer than it (all of
/// them when none is good). Nothing in the folder is changed by choosing.
/// </summary>
/// <param name="File">The newest good checkpoint, or null when there is none.</param>
/// <param name="Info">Its metadata, or null.</param>
/// <param name="Damaged">The checkpoints newer than <paramref name="File"/> that cannot be used, newest first.</param>
public sealed record CheckpointSelection(string? File, CheckpointInfo? Info, IReadOnlyList<DamagedCheckpoint> Damaged)
{
    /// <summary>True when the folder holds checkpoints and none of them is good.</summary>
    public bool NoneGood => File is null && Damaged.Count > 0;
}
