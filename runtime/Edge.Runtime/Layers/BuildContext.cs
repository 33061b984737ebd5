using Edge.Runtime.Memory;

namespace Edge.Runtime.Layers;

/// <summary>What a layer needs to allocate itself: batch size, whether it learns, the ledger, a seeded RNG.</summary>
/// <param name="Batch">Samples per step (B ≥ 1).</param>
/// <param name="Learning">True to allocate traces, gradients and learning caches.</param>
/// <param name="Ledger">Where every buffer is allocated and counted.</param>
/// <param name="Init">Random generator for the initial weights.</param>
public sealed record BuildContext(int Batch, bool Learning, MemoryLedger Ledger, Rng Init)
{
    /// <summary>True when some layer below the one being built learns, so it must pass the learning signal down.</summary>
    public bool PassesSignalDown { get; init; }

    /// <summary>True to allocate the S-TLLR traces a layer keeps (post trace, leaky readout's presynaptic trace; learning builds of S-TLLR).</summary>
    public bool Traces { get; init; } = true;

    /// <summary>The worker pool a step may split its layers across, or null for one thread.</summary>
    public Parallel.StepWorkers? Workers { get; init; }
}
