namespace Edge.Accelerator.Counting;

/// <summary>
/// What running a network on a system costs, per sample and per step, with learning (S-TLLR on the
/// chip) and for inference alone; per layer and per core; NeuroBench's metrics; and BPTT priced on the
/// same system. Energies are model estimates (counts × published unit costs), not measurements; the
/// events without a published energy are listed in <see cref="Unpriced"/> and left out of the sums.
/// </summary>
public sealed record AcceleratorReport
{
    /// <summary>System preset (or file) name.</summary>
    public required string Preset { get; init; }

    /// <summary>Network name.</summary>
    public required string Network { get; init; }

    /// <summary>Where the samples came from.</summary>
    public required string Source { get; init; }

    /// <summary>Samples run.</summary>
    public required long Samples { get; init; }

    /// <summary>Time steps per sample.</summary>
    public required int TimeSteps { get; init; }

    /// <summary>Learning steps per sample.</summary>
    public required int LearnSteps { get; init; }

    /// <summary>Chips holding the network.</summary>
    public required int Chips { get; init; }

    /// <summary>Cores used.</summary>
    public required int CoresUsed { get; init; }

    /// <summary>Cores of the configured system.</summary>
    public required long CoresAvailable { get; init; }

    /// <summary>Tiles holding used cores.</summary>
    public required int TilesUsed { get; init; }

    /// <summary>Energy of one sample while learning (inference + learning + host + static), µJ.</summary>
    public required double EnergyUjPerSample { get; init; }

    /// <summary>Energy of one sample of inference alone (no traces, no learning), µJ.</summary>
    public required double InferenceEnergyUjPerSample { get; init; }

    /// <summary>The learning part of <see cref="EnergyUjPerSample"/>, µJ.</summary>
    public required double LearningEnergyUjPerSample { get; init; }

    /// <summary>The host's part (operations and transfers) of <see cref="EnergyUjPerSample"/>, µJ.</summary>
    public required double HostEnergyUjPerSample { get; init; }

    /// <summary>Static (leakage) energy of the used cores over a learning sample, µJ (0 when unpriced).</summary>
    public required double StaticEnergyUjPerSample { get; init; }

    /// <summary>Learning's share of the learning sample's energy, in [0, 1].</summary>
    public required double LearningEnergyShare { get; init; }

    /// <summary>Mean time of an inference step: busiest core + longest route + barrier + host, µs.</summary>
    public required double LatencyUsPerStep { get; init; }

    /// <summary>Mean time of a step with the learning work, µs.</summary>
    public required double LearningLatencyUsPerStep { get; init; }

    /// <summary>Inference time of a sample: T steps plus the pipeline's fill (one step per layer on cores), µs.</summary>
    public required double LatencyUsPerSample { get; init; }

    /// <summary>Time of a learning sample, including the host's update, µs.</summary>
    public required double LearningLatencyUsPerSample { get; init; }

    /// <summary>Synaptic operations per sample (forward).</summary>
    public required double SynopsPerSample { get; init; }

    /// <summary>Prequential accuracy of the chip model over the samples run (learning as it goes).</summary>
    public required double Accuracy { get; init; }

    /// <summary>Events that occurred without a published energy.</summary>
    public required IReadOnlyList<string> Unpriced { get; init; }

    /// <summary>Events that occurred without a published latency.</summary>
    public required IReadOnlyList<string> UnpricedLatency { get; init; }

    /// <summary>Inference counts per sample, by counter name.</summary>
    public required IReadOnlyDictionary<string, double> CountsPerSample { get; init; }

    /// <summary>Learning counts per sample, by counter name.</summary>
    public required IReadOnlyDictionary<string, double> LearningCountsPerSample { get; init; }

    /// <summary>Inference energy per sample by cost event, µJ.</summary>
    public required IReadOnlyDictionary<string, double> InferenceEnergyUjByEvent { get; init; }

    /// <summary>Learning energy per sample by cost event, µJ.</summary>
    public required IReadOnlyDictionary<string, double> LearningEnergyUjByEvent { get; init; }

    /// <summary>NeuroBench metrics (and learning counters NeuroBench lacks).</summary>
    public required NeuroBenchMetrics NeuroBench { get; init; }

    /// <summary>S-TLLR against BPTT on the same system.</summary>
    public required BpttComparison Bptt { get; init; }

    /// <summary>The learning rule as the engine runs it, and where it differs from S-TLLR.</summary>
    public required LearningRuleReport Rule { get; init; }

    /// <summary>Per layer.</summary>
    public required IReadOnlyList<LayerReport> Layers { get; init; }

    /// <summary>Per used core.</summary>
    public required IReadOnlyList<CoreReport> Cores { get; init; }

    /// <summary>Values clipped by saturating arithmetic per sample.</summary>
    public required double SaturationsPerSample { get; init; }
}

/// <summary>One layer: how it maps and what it costs per sample.</summary>
public sealed record LayerReport
{
    /// <summary>Spec index.</summary>
    public required int Layer { get; init; }

    /// <summary>Layer type.</summary>
    public required string Type { get; init; }

    /// <summary>Mapping kind.</summary>
    public required string Mapping { get; init; }

    /// <summary>How it maps, in words.</summary>
    public required string How { get; init; }

    /// <summary>Cores used.</summary>
    public required int Cores { get; init; }

    /// <summary>Synapse encoding, when on cores.</summary>
    public string? Encoding { get; init; }

    /// <summary>Neurons on cores.</summary>
    public required long Neurons { get; init; }

    /// <summary>Synapse entries stored.</summary>
    public required long SynapseEntries { get; init; }

    /// <summary>Synaptic memory used, bytes.</summary>
    public required long MemoryBytes { get; init; }

    /// <summary>Synaptic operations per sample.</summary>
    public required double SynopsPerSample { get; init; }

    /// <summary>Spikes per sample.</summary>
    public required double SpikesPerSample { get; init; }

    /// <summary>Learning-engine synapse updates per sample.</summary>
    public required double SynUpdatesPerSample { get; init; }

    /// <summary>Host operations per sample (both phases).</summary>
    public required double HostOpsPerSample { get; init; }

    /// <summary>Inference energy per sample, µJ.</summary>
    public required double InferenceEnergyUj { get; init; }

    /// <summary>Learning energy per sample, µJ.</summary>
    public required double LearningEnergyUj { get; init; }
}

/// <summary>One used core: its load against each limit and its work per sample.</summary>
public sealed record CoreReport
{
    /// <summary>Global core index.</summary>
    public required int Core { get; init; }

    /// <summary>Chip.</summary>
    public required int Chip { get; init; }

    /// <summary>Global tile column.</summary>
    public required int TileX { get; init; }

    /// <summary>Global tile row.</summary>
    public required int TileY { get; init; }

    /// <summary>Spec index of its layer.</summary>
    public required int Layer { get; init; }

    /// <summary>Neurons held.</summary>
    public required int Neurons { get; init; }

    /// <summary>Share of the neuron limit.</summary>
    public required double NeuronUse { get; init; }

    /// <summary>Synaptic memory used, bytes.</summary>
    public required long MemoryBytes { get; init; }

    /// <summary>Share of the synaptic memory.</summary>
    public required double MemoryUse { get; init; }

    /// <summary>Share of the input axons.</summary>
    public required double FanInUse { get; init; }

    /// <summary>Share of the output axons.</summary>
    public required double FanOutUse { get; init; }

    /// <summary>Synaptic operations per sample.</summary>
    public required double SynopsPerSample { get; init; }

    /// <summary>Bytes of core memory read per sample.</summary>
    public required double MemoryReadBytesPerSample { get; init; }

    /// <summary>Bytes of core memory written per sample.</summary>
    public required double MemoryWriteBytesPerSample { get; init; }
}

/// <summary>
/// NeuroBench's metrics of the run, as NeuroBench defines them, plus the learning counters it lacks.
/// Synaptic operations are per sample: dense (every synapse every step), effective MACs (non-zero,
/// non-binary inputs: event counts, pooled sums) and effective ACs (spike inputs), one per (input,
/// non-zero weight) pair.
/// </summary>
public sealed record NeuroBenchMetrics
{
    /// <summary>Synaptic memory used plus neuron state (6 bytes per compartment [A]), bytes.</summary>
    public required long FootprintBytes { get; init; }

    /// <summary>Zero weights (after quantisation) over all weights.</summary>
    public required double ConnectionSparsity { get; init; }

    /// <summary>Neuron-steps without a spike over all neuron-steps, spiking layers.</summary>
    public required double ActivationSparsity { get; init; }

    /// <summary>Dense synaptic operations per sample.</summary>
    public required double SynopsDensePerSample { get; init; }

    /// <summary>Effective MACs per sample.</summary>
    public required double EffectiveMacsPerSample { get; init; }

    /// <summary>Effective ACs per sample.</summary>
    public required double EffectiveAcsPerSample { get; init; }

    /// <summary>Neuron updates that changed the membrane, per sample.</summary>
    public required double MembraneUpdatesPerSample { get; init; }

    /// <summary>Learning-engine synapse updates (effective) per sample.</summary>
    public required double SynUpdatesPerSample { get; init; }

    /// <summary>Trace updates (pre and post) per sample.</summary>
    public required double TraceUpdatesPerSample { get; init; }

    /// <summary>Learning-signal messages per sample.</summary>
    public required double LearningSignalMessagesPerSample { get; init; }

    /// <summary>Learning epochs (engine runs) per sample.</summary>
    public required int LearningEpochsPerSample { get; init; }
}

/// <summary>
/// S-TLLR learning against BPTT on the same system. BPTT needs every step's inputs and membranes for
/// its backward pass; no core has room for them, so they go to off-chip DRAM and come back in reverse
/// order (priced per 64-bit access), and its backward pass runs over all T steps instead of the last T_l.
/// </summary>
public sealed record BpttComparison
{
    /// <summary>S-TLLR's learning energy per sample, µJ.</summary>
    public required double StllrLearningEnergyUj { get; init; }

    /// <summary>BPTT's learning energy per sample, µJ.</summary>
    public required double BpttLearningEnergyUj { get; init; }

    /// <summary>A whole learning sample with S-TLLR, µJ.</summary>
    public required double StllrEnergyUjPerSample { get; init; }

    /// <summary>A whole learning sample with BPTT, µJ.</summary>
    public required double BpttEnergyUjPerSample { get; init; }

    /// <summary>BPTT over S-TLLR, whole sample.</summary>
    public required double EnergyRatio { get; init; }

    /// <summary>S-TLLR's per-sample learning state on the cores (traces), bytes — independent of T.</summary>
    public required long StllrLearningStateBytes { get; init; }

    /// <summary>BPTT's history per sample (T steps of input spikes and 24-bit membranes), bytes, off-chip.</summary>
    public required long BpttHistoryBytes { get; init; }

    /// <summary>64-bit DRAM accesses per sample (history written, then read back).</summary>
    public required long BpttDramAccesses { get; init; }

    /// <summary>How BPTT was priced.</summary>
    public required string Method { get; init; }
}

/// <summary>The learning rule in the engine's sum-of-products form and where the chip cannot express S-TLLR exactly.</summary>
public sealed record LearningRuleReport
{
    /// <summary>Product terms, one line per synapse set.</summary>
    public required IReadOnlyList<string> Terms { get; init; }

    /// <summary>Differences from S-TLLR as the CPU runtime computes it.</summary>
    public required IReadOnlyList<string> Inexact { get; init; }
}
