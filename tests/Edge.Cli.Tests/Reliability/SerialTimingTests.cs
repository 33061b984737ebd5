namespace Edge.Cli.Tests.Reliability;

/// <summary>
/// Long, timing-sensitive tests (child processes killed mid-save, a 60 s soak): they run alone,
/// after the parallel tests, so other tests' load does not disturb them nor they other tests.
/// </summary>
[CollectionDefinition("timing", DisableParallelization = true)]
public sealed class SerialTimingTests;
