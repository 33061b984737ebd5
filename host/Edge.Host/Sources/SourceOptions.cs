namespace Edge.Host.Sources;

/// <summary>How a source is opened.</summary>
public sealed record SourceOptions
{
    /// <summary>Events the ring between a live camera and its reader holds (allocated once).</summary>
    public int RingCapacity { get; init; } = 1 << 20;

    /// <summary>
    /// Pace a simulated or file source to the wall clock, as a camera would deliver it (events that
    /// a slow learner cannot take are dropped and counted); false reads it as fast as it is consumed.
    /// </summary>
    public bool RealTime { get; init; }

    /// <summary>Seed of simulated sources.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// How a live camera that is lost (unplugged, a dropped connection, a FIFO whose writer went
    /// away) is opened again; null: its loss ends the stream. Standard input and files are never reopened.
    /// </summary>
    public Runtime.Events.ReopenPolicy? Reopen { get; init; }

    /// <summary>Told when a live source is lost and when it is back (one line each); null for nowhere.</summary>
    public Action<string>? Report { get; init; }
}
