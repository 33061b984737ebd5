namespace Edge.TestSupport;

/// <summary>
/// Exact allocation counts of a measured region on the calling thread. Now and then the runtime
/// retires the thread's allocation context (or tiers up a method) during a measurement and the
/// counter jumps once; code that really allocates shows it on every attempt. So a region is
/// measured up to three times, each on fresh state from <c>prepare</c>, and the smallest count is
/// returned (0 ends the attempts).
/// </summary>
public static class Allocations
{
    /// <summary>Bytes the region allocated: the least over up to three attempts.</summary>
    /// <param name="prepare">Builds fresh state for one attempt and warms it up (not measured).</param>
    /// <param name="region">The measured region, given the state.</param>
    public static long Least<T>(Func<T> prepare, Action<T> region)
    {
        ArgumentNullException.ThrowIfNull(prepare);
        ArgumentNullException.ThrowIfNull(region);
        var least = long.MaxValue;
        for (var attempt = 0; attempt < 3 && least > 0; attempt++)
        {
            var state = prepare();
            var before = GC.GetAllocatedBytesForCurrentThread();
            region(state);
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
            (state as IDisposable)?.Dispose();
        }
        return least;
    }
}
