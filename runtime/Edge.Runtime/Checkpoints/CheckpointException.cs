using System.Globalization;

namespace Edge.Runtime.Checkpoints;

/// <summary>
/// A weights or checkpoint file that cannot be used: damaged, truncated, not safetensors, or made
/// for another network. The message is one line saying which file, where and what is wrong. It
/// derives from <see cref="IOException"/>, so the CLI reports it as bad input (exit 2).
/// </summary>
public sealed class CheckpointException : IOException
{
    /// <summary>Creates the exception for a problem at a byte offset of <paramref name="file"/>.</summary>
    public CheckpointException(string file, long byteOffset, string problem)
        : base(string.Create(CultureInfo.InvariantCulture, $"{file}: byte {byteOffset}: {problem}"))
    {
        FileName = file;
        ByteOffset = byteOffset;
        Problem = problem;
    }

    /// <summary>Creates the exception for a problem of <paramref name="file"/> as a whole.</summary>
    public CheckpointException(string file, string problem)
        : base($"{file}: {problem}")
    {
        FileName = file;
        ByteOffset = -1;
        Problem = problem;
    }

    /// <summary>Creates the exception for a problem of <paramref name="file"/> with its cause.</summary>
    public CheckpointException(string file, string problem, Exception innerException)
        : base($"{file}: {problem}", innerException)
    {
        FileName = file;
        ByteOffset = -1;
        Problem = problem;
    }

    /// <summary>Creates the exception without location (prefer the located forms).</summary>
    public CheckpointException() : this("checkpoint", "unusable checkpoint") { }

    /// <summary>Creates the exception from a message.</summary>
    public CheckpointException(string message) : this("checkpoint", message) { }

    /// <summary>Creates the exception from a message and a cause.</summary>
    public CheckpointException(string message, Exception innerException) : this("checkpoint", message, innerException) { }

    /// <summary>The file that could not be used.</summary>
    public string FileName { get; }

    /// <summary>Byte offset of the problem inside the file, or −1 when it concerns the file as a whole.</summary>
    public long ByteOffset { get; }

    /// <summary>What is wrong.</summary>
    public string Problem { get; }
}
