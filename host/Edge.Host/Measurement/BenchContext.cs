using Edge.Drivers.Datasets;


namespace Edge.Host.Measurement;

/// <summary>A benchmark result row (docs/cli-conventions.md "Benchmark rows").</summary>
internal interface IBenchRow
{
    /// <summary>Row kind: network, decode, sim or kernel.</summary>
    string Kind { get; }

    /// <summary>One human-readable line for the table output.</summary>
    string Describe();
}

/// <summary>A row whose timed region must not allocate: <c>alloc_bytes</c>, the exact total over it.</summary>
internal interface IAllocationRow
{
    /// <summary>Bytes allocated over the timed region, by every thread that ran it.</summary>
    long AllocBytes { get; }
}

/// <summary>One kind of benchmark that <c>edge bench</c> can run.</summary>
internal interface IBenchKind
{
    /// <summary>The kind name (the value of --kind and of the rows' "kind").</summary>
    string Name { get; }

    /// <summary>Runs the benchmark and emits its rows through <paramref name="context"/>.</summary>
    void Run(BenchContext context);
}

/// <summary>Options of one <c>edge bench</c> run and the sink for its rows.</summary>
internal sealed class BenchContext
{
    /// <summary>Where rows go (the CLI prints them as JSON Lines or text).</summary>
    public required Action<IBenchRow> Sink { get; init; }

    /// <summary>Where remarks go (a row that cannot be measured, and why); null drops them.</summary>
    public Action<string>? Notes { get; init; }

    /// <summary>--input of network rows: one of <see cref="BenchInputs.Kinds"/>.</summary>
    public string Input { get; init; } = "bernoulli";

    /// <summary>--network, or null for every built-in benchmark network.</summary>
    public string? Network { get; init; }

    /// <summary>--mode (infer or train), or null for both.</summary>
    public string? Mode { get; init; }

    /// <summary>--rule of the training rows, or null for the spec's rule.</summary>
    public string? Rule { get; init; }

    /// <summary>--dataset: the datasets of learning rows (none: a made N-MNIST-format digits set).</summary>
    public IReadOnlyList<DatasetLocation> Datasets { get; init; } = [];

    /// <summary>--epochs of learning rows, or null for the default (3; 1 with --quick).</summary>
    public int? Epochs { get; init; }

    /// <summary>--steps, overriding the network's T.</summary>
    public int? Steps { get; init; }

    /// <summary>--threads: worker threads of a step.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>--quick: few samples, for smoke tests (figures are then noisy).</summary>
    public bool Quick { get; init; }

    /// <summary>--frames-out: where network rows write the frames they are fed (one network only), or null.</summary>
    public string? FramesOut { get; init; }

    /// <summary>--seed.</summary>
    public int Seed { get; init; } = 1234;

    /// <summary>Rows emitted so far whose timed region allocated (<see cref="IAllocationRow"/>).</summary>
    public int AllocatingRows { get; private set; }

    /// <summary>Passes a remark on to <see cref="Notes"/>.</summary>
    public void Note(string text) => Notes?.Invoke(text);

    /// <summary>Emits one row to <see cref="Sink"/>.</summary>
    public void Emit(IBenchRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row is IAllocationRow { AllocBytes: > 0 })
        {
            AllocatingRows++;
        }
        Sink(row);
    }
}
