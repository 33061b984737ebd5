namespace Edge.Runtime.Events;

/// <summary>
/// Receives events for recording (a file writer, a network stream). Writers buffer internally
/// and allocate nothing per call.
/// </summary>
public interface IEventSink : IDisposable
{
    /// <summary>Appends events, in time order.</summary>
    void Write(ReadOnlySpan<DvsEvent> events);

    /// <summary>Writes everything buffered and finishes the file or stream so that it is complete.</summary>
    void Complete();
}
