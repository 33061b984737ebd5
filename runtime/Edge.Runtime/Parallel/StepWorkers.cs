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
/// when all parts are done. Threads spin briefly, then sleep on preallocated monitors, so a hand-off
/// costs microseconds and never allocates. The spin is short (<see cref="SpinIterations"/>): a
/// longer one keeps a core busy that a camera reader or the other step thread needs (measured in
/// docs/arm-boards.md, "Threads"). Jobs split their work so that every output element is
/// computed by one part in the same order as on one thread: results are bit-identical for any
/// thread count.
/// </summary>
public sealed class StepWorkers : IDisposable
{
    /// <summary>
    /// Spins of <c>Thread.SpinWait(16)</c> (about 0.33 µs each on the x86 test machine) before a
    /// waiting thread sleeps: about 3 µs. Measured with a competing event-reader thread, 10 was
    /// within noise of no spin in step time and cost 4–13 µs of CPU per hand-off; 4 000 (1.3 ms)
    /// made 2-thread steps 2–100× slower and cut the reader's throughput by 38–57 %.
    /// </summary>
    private const int SpinIterations = 10;
    private readonly Thread[] _threads;
    private readonly long[] _allocated;
    private readonly object _wake = new();
    private readonly object _done = new();
    private IStepJob? _job;
    private int _generation;
    private int _remaining;
    private volatile bool _stopping;
    private Exception? _failure;

    /// <summary>Starts <paramref name="threads"/> − 1 workers (the caller is the first thread).</summary>
    public StepWorkers(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        Threads = threads;
        _threads = new Thread[threads - 1];
        _allocated = new long[threads - 1];
        for (var i = 0; i < _threads.Length; i++)
        {
            var index = i;
            _threads[i] = new Thread(() => Work(index)) { IsBackground = true, Name = $"edge-step-{i + 1}" };
            _threads[i].Start();
        }
    }

    /// <summary>Threads that run parts, including the caller.</summary>
    public int Threads { get; }

    /// <summary>
    /// Bytes the worker threads (not the caller) allocated while running parts, from each thread's
    /// own counter: with the caller's counter, the allocation of a whole multi-threaded step.
    /// </summary>
    public long WorkerAllocatedBytes
    {
        get
        {
            long sum = 0;
            for (var i = 0; i < _allocated.Length; i++)
            {
                sum += Volatile.Read(ref _allocated[i]);
            }
            return sum;
        }
    }

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
        Volatile.Write(ref _remaining, Threads - 1);
        lock (_wake)
        {
            _generation++;
            Monitor.PulseAll(_wake);
        }
        try
        {
            job.Execute(0, Threads);
        }
        finally
        {
            WaitForWorkers();
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

    private void WaitForWorkers()
    {
        for (var spin = 0; spin < SpinIterations && Volatile.Read(ref _remaining) > 0; spin++)
        {
            Thread.SpinWait(16);
        }
        if (Volatile.Read(ref _remaining) > 0)
        {
            lock (_done)
            {
                while (Volatile.Read(ref _remaining) > 0)
                {
                    Monitor.Wait(_done);
                }
            }
        }
    }

    private void Work(int index)
    {
        var seen = 0;
        while (true)
        {
            for (var spin = 0; spin < SpinIterations && Volatile.Read(ref _generation) == seen; spin++)
            {
                Thread.SpinWait(16);
            }
            lock (_wake)
            {
                while (Volatile.Read(ref _generation) == seen && !_stopping)
                {
                    Monitor.Wait(_wake);
                }
                seen = _generation;
            }
            if (_stopping)
            {
                return;
            }
            var before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                _job!.Execute(index + 1, Threads);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _failure ??= ex;
            }
            Volatile.Write(ref _allocated[index], _allocated[index] + (GC.GetAllocatedBytesForCurrentThread() - before));
            if (Interlocked.Decrement(ref _remaining) == 0)
            {
                lock (_done)
                {
                    Monitor.PulseAll(_done);
                }
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stopping = true;
        lock (_wake)
        {
            _generation++;
            Monitor.PulseAll(_wake);
        }
        foreach (var t in _threads)
        {
            t.Join(TimeSpan.FromSeconds(1));
        }
    }
}
