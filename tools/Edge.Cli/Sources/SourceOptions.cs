namespace Edge.Cli.Sources;

/// <summary>How a verb wants its source opened.</summary>
internal sealed record SourceOptions
{
    /// <summary>Events the ring between a live camera and its reader holds (allocated once).</summary>
    public int RingCapacity { get; init; } = 1 << 20;

    /// <summary>Pace the simulator to the wall clock (as a camera would be); false runs it flat out.</summary>
    public bool RealTime { get; init; } = true;

    /// <summary>Seed of simulated sources.</summary>
    public int Seed { get; init; } = 1;
}
