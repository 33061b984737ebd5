using System.Runtime.ExceptionServices;

namespace Edge.Runtime.Parallel;

/// <summary>A piece of work split into parts; part p of n runs on one thread.</summary>
public interface IStepJob
{
    /// <summary>Runs part <paramref name="part"/> of <paramref name="parts"/>.</summary>
    void Execute(int part, int parts);
}

/// <summary>
/// A fixed pool of worker threads for the parts of one time step. Created once with the network;
/// <see cref="Run"/> hands every worker its part, runs part 0 on the calling thread and returns
/// when all parts are done. Nothing is allocated per run; workers spin briefly before sleeping, so
/// the hand-off costs microseconds. Jobs split their work so that every output element is computed
/// by one part in the same order as on one thread: results are bit-identical for any thread count.
/// </summary>
public sealed class StepWorkers : IDisposable
{
    private readonly Thread[] _threads;
    private readonly ManualResetEventSlim[] _go;
    private readonly ManualResetEventSlim _done = new(false, spinCount: 2000);
    private IStepJob? _job;
    private int _remaining;
    private volatile bool _stopping;
    private Exception? _failure;

    /// <summary>Starts <paramref name="threads"/> − 1 workers (the caller is the first thread).</summary>
    public StepWorkers(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        Threads = threads;
        _threads = new Thread[threads - 1];
        _go = new ManualResetEventSlim[threads - 1];
        for (var i = 0; i < _threads.Length; i++)
        {
            _go[i] = new ManualResetEventSlim(false, spinCount: 2000);
            var index = i;
            _threads[i] = new Thread(() => Work(index)) { IsBackground = true, Name = $"edge-step-{i + 1}" };
            _threads[i].Start();
        }
    }

    /// <summary>Threads that run parts, including the caller.</summary>
    public int Threads { get; }

    /// <summary>Runs <paramref name="job"/> in <see cref="Threads"/> parts and waits for all of them.</summary>
    public void Run(IStepJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (Threads == 1)
        {
            job.Execute(0, 1);
            return;
        }
        _job = job;
        _done.Reset();
        Volatile.Write(ref _remaining, Threads - 1);
        foreach (var go in _go)
        {
            go.Set();
        }
        try
        {
            job.Execute(0, Threads);
        }
        finally
        {
            _done.Wait();
            _job = null;
        }
        if (_failure is { } failure)
        {
            _failure = null;
            ExceptionDispatchInfo.Capture(failure).Throw();
        }
    }

    /// <summary>The half-open range of part <paramref name="part"/> when <paramref name="count"/> items are split in <paramref name="parts"/>.</summary>
    public static (int From, int To) Range(int count, int part, int parts) =>
        ((int)((long)count * part / parts), (int)((long)count * (part + 1) / parts));

    private void Work(int index)
    {
        var go = _go[index];
        while (true)
        {
            go.Wait();
            go.Reset();
            if (_stopping)
            {
                return;
            }
            try
            {
                _job!.Execute(index + 1, Threads);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _failure ??= ex;
            }
            if (Interlocked.Decrement(ref _remaining) == 0)
            {
                _done.Set();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stopping = true;
        foreach (var go in _go)
        {
            go.Set();
        }
        foreach (var t in _threads)
        {
            t.Join(TimeSpan.FromSeconds(1));
        }
        foreach (var go in _go)
        {
            go.Dispose();
        }
        _done.Dispose();
    }
}
