using System.Runtime.InteropServices;

namespace Edge.Cli.Cli;

/// <summary>
/// Ctrl-C and SIGTERM, for a verb that stops cleanly: the handlers only tell <c>stop</c> what
/// happened (SIGINT or SIGTERM); the verb finishes what it must (a run saves its checkpoint) and
/// exits 130. A second Ctrl-C is left to the default handler, which kills the process.
/// </summary>
internal sealed class StopSignal : IDisposable
{
    private readonly Action<string> _stop;
    private readonly PosixSignalRegistration _sigterm;
    private volatile string? _reason;

    /// <summary>Listens for signals; <paramref name="stop"/> receives SIGINT or SIGTERM once.</summary>
    public StopSignal(Action<string> stop)
    {
        _stop = stop;
        Console.CancelKeyPress += OnCancelKey;
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            Stop("SIGTERM");
        });
    }

    /// <summary>True once a signal arrived.</summary>
    public bool Interrupted => _reason is not null;

    /// <summary>SIGINT or SIGTERM, or null.</summary>
    public string? Reason => _reason;

    /// <inheritdoc />
    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKey;
        _sigterm.Dispose();
    }

    private void OnCancelKey(object? sender, ConsoleCancelEventArgs e)
    {
        if (_reason is not null)
        {
            return; // a second Ctrl-C: let the process end
        }
        e.Cancel = true; // finish cleanly, then exit 130
        Stop("SIGINT");
    }

    private void Stop(string reason)
    {
        if (_reason is not null)
        {
            return;
        }
        _reason = reason;
        _stop(reason);
    }
}
