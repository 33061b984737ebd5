namespace Edge.Runtime.Events;

/// <summary>
/// A damaged, truncated or wrong-format event stream. The message is one line for a user: what
/// was expected, in which file and at which byte offset.
/// </summary>
public sealed class EventStreamException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EventStreamException(string source, long byteOffset, string problem)
        : base(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{source}: byte {byteOffset}: {OneLine(problem)}"))
    {
        StreamName = source;
        ByteOffset = byteOffset;
        Problem = OneLine(problem);
    }

    /// <summary>A problem quoting a parser's own message (an XML error) can hold line breaks: the message stays one line.</summary>
    private static string OneLine(string problem) => problem?.ReplaceLineEndings(" ") ?? "";

    /// <summary>Creates the exception without location (prefer the located form).</summary>
    public EventStreamException() : this("stream", 0, "damaged event stream") { }

    /// <summary>Creates the exception from a message.</summary>
    public EventStreamException(string message) : base(message)
    {
        StreamName = "stream";
        Problem = message;
    }

    /// <summary>Creates the exception from a message and a cause.</summary>
    public EventStreamException(string message, Exception innerException) : base(message, innerException)
    {
        StreamName = "stream";
        Problem = message;
    }

    /// <summary>The file name or device that produced the stream.</summary>
    public string StreamName { get; }

    /// <summary>Byte offset inside the file or stream where the problem was found.</summary>
    public long ByteOffset { get; }

    /// <summary>What was expected and what was found.</summary>
    public string Problem { get; }
}
