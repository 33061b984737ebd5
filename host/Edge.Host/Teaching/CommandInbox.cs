using System.Collections.Concurrent;

namespace Edge.Host.Teaching;

/// <summary>
/// Teach commands on their way to a run: any thread posts a line; the run takes them between
/// windows, on its own thread, and completes each with its <see cref="CommandResult"/>.
/// </summary>
public sealed class CommandInbox
{
    private readonly ConcurrentQueue<Pending> _queue = new();

    /// <summary>A posted command waiting for the run.</summary>
    /// <param name="Text">The line.</param>
    /// <param name="Origin">Where it came from.</param>
    /// <param name="Result">Completed when the run has taken it.</param>
    public sealed record Pending(string Text, string Origin, TaskCompletionSource<CommandResult> Result);

    /// <summary>Posts <paramref name="line"/> from <paramref name="origin"/>; the task completes when the run has applied or refused it.</summary>
    public Task<CommandResult> Post(string line, string origin)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(origin);
        var pending = new Pending(line, origin, new TaskCompletionSource<CommandResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        _queue.Enqueue(pending);
        return pending.Result.Task;
    }

    /// <summary>Takes the oldest waiting command, if any.</summary>
    public bool TryTake(out Pending pending)
    {
        if (_queue.TryDequeue(out var p))
        {
            pending = p;
            return true;
        }
        pending = null!;
        return false;
    }
}
