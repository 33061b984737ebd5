using System.Runtime.InteropServices;

namespace Edge.Cli.Run;

/// <summary>
/// Why a long run should stop: Ctrl-C or SIGTERM (then the exit code is 130 after a clean
/// shutdown) or the end of <c>--duration</c>. The handlers only set a flag and wake a blocked
/// reader; the run finishes its current sample, saves its checkpoint and returns.
/// </summary>
internal sealed class StopSignal : IDisposable
{
    private readonly Action _wake;
    private readonly PosixSignalRegistration _sigterm;
    private readonly Timer? _timer;
    private volatile string? _reason;

    /// <summary>Listens for signals (and the duration); <paramref name="wake"/> unblocks a waiting source.</summary>
    public StopSignal(TimeSpan? duration, Action wake)
    {
        _wake = wake;
        Console.CancelKeyPress += OnCancelKey;
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            Stop("SIGTERM", interrupted: true);
        });
        if (duration is { } limit)
        {
            _timer = new Timer(_ => Stop("duration", interrupted: false), null, limit, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>True once a stop was asked for.</summary>
    public bool IsStopping => _reason is not null;

    /// <summary>What asked: SIGINT, SIGTERM or duration (null while running).</summary>
    public string? Reason => _reason;

    /// <summary>True when a signal (not the duration) stopped the run: exit 130.</summary>
    public bool Interrupted { get; private set; }

    /// <inheritdoc />
    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKey;
        _sigterm.Dispose();
        _timer?.Dispose();
    }

    private void OnCancelKey(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = true; // finish cleanly, then exit 130
        Stop("SIGINT", interrupted: true);
    }

    private void Stop(string reason, bool interrupted)
    {
        if (_reason is not null)
        {
            return;
        }
        Interrupted = interrupted;
        _reason = reason;
        _wake();
    }
}
