using Microsoft.Extensions.Logging;

namespace Edge.Host.Runs;

/// <summary>What a run logs about itself (under a service, the journal keeps it).</summary>
internal static partial class RunLog
{
    [LoggerMessage(1, LogLevel.Information, "checkpoint saved to {Path} ({Samples} taught windows, {Steps} optimizer steps)")]
    public static partial void Saved(ILogger logger, string path, long samples, long steps);

    [LoggerMessage(2, LogLevel.Warning, "{Problem}; learning goes on and later saves will try again (said once until a save succeeds)")]
    public static partial void SaveFailed(ILogger logger, string problem);

    [LoggerMessage(3, LogLevel.Information, "source {Source} ended after {Windows} windows; opening it again with seed {Seed}")]
    public static partial void Reopened(ILogger logger, string source, long windows, int seed);

    [LoggerMessage(4, LogLevel.Information, "stopping ({Reason}) after {Windows} windows in {Seconds:0.0} s")]
    public static partial void Stopping(ILogger logger, string reason, long windows, double seconds);

    [LoggerMessage(5, LogLevel.Information, "--weights {Path} ignored: the checkpoint's learned state wins")]
    public static partial void WeightsIgnored(ILogger logger, string path);

    [LoggerMessage(6, LogLevel.Warning, "threads {Asked} is more than the {Cores} cores of this machine: using {Cores}")]
    public static partial void ThreadsCapped(ILogger logger, int asked, int cores);

    [LoggerMessage(7, LogLevel.Warning, "{Line}")]
    public static partial void SetAside(ILogger logger, string line);

    [LoggerMessage(8, LogLevel.Information, "checkpoint saved to {Path} again, after {Failed} failed save(s)")]
    public static partial void SaveRecovered(ILogger logger, string path, int failed);

    [LoggerMessage(9, LogLevel.Warning, "{Count} update(s) rejected since the last report ({Total} in this run): a loss, gradient or weight was NaN or infinite; the learned state was kept and the sample's neuron state reset")]
    public static partial void UpdatesRejected(ILogger logger, long count, long total);

    [LoggerMessage(10, LogLevel.Warning, "source {Line}")]
    public static partial void Source(ILogger logger, string line);
}
