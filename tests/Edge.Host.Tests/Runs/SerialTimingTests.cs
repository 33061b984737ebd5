namespace Edge.Host.Tests.Runs;

/// <summary>Timing-sensitive runs (bursts, reopened sources): they run alone, after the parallel tests.</summary>
[CollectionDefinition("host-timing", DisableParallelization = true)]
public sealed class SerialTimingTests;
