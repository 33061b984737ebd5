namespace Edge.Accelerator.Chips;

/// <summary>How a chip's cores evaluate synapses.</summary>
public enum ExecutionStyle
{
    /// <summary>Only the synapses of spiking inputs are evaluated (neuromorphic cores).</summary>
    EventDriven,

    /// <summary>Every synapse is evaluated every step, whatever the activity (a dense MAC engine).</summary>
    Dense,
}

/// <summary>
/// One chip: its mesh of tiles and cores, the capacity of a core and the bit widths of its
/// arithmetic. Plain data; the presets are JSON files (Chips/Presets).
/// </summary>
public sealed record ChipDescription
{
    /// <summary>Chip name.</summary>
    public required string Name { get; init; }

    /// <summary>Event-driven or dense evaluation.</summary>
    public ExecutionStyle Execution { get; init; } = ExecutionStyle.EventDriven;

    /// <summary>Tiles per row of the chip's mesh (east-west).</summary>
    public required int TilesX { get; init; }

    /// <summary>Tile rows of the mesh (north-south).</summary>
    public required int TilesY { get; init; }

    /// <summary>Cores per tile (they share a router).</summary>
    public required int CoresPerTile { get; init; }

    /// <summary>Cores per chip.</summary>
    public int CoresPerChip => TilesX * TilesY * CoresPerTile;

    /// <summary>Neurons (compartments) per core.</summary>
    public required int NeuronsPerCore { get; init; }

    /// <summary>Synaptic memory per core in bytes.</summary>
    public required int SynapticMemoryBytes { get; init; }

    /// <summary>Input axons per core (fan-in lists).</summary>
    public required int FanInAxons { get; init; }

    /// <summary>Output axons per core (fan-out routing entries).</summary>
    public required int FanOutAxons { get; init; }

    /// <summary>Synapse encodings the cores support.</summary>
    public required IReadOnlyList<SynapseEncoding> Encodings { get; init; }

    /// <summary>Signed weight width including the sign (Loihi: 9 = 8 bits + sign).</summary>
    public int WeightBits { get; init; } = 9;

    /// <summary>Fractional bits between a weight and the membrane (Loihi shifts weights by 6).</summary>
    public int WeightShiftBits { get; init; } = 6;

    /// <summary>Signed membrane (and dendritic accumulator) width.</summary>
    public int MembraneBits { get; init; } = 24;

    /// <summary>Bits of the decay constants: u ← u·(2^bits − δ)/2^bits.</summary>
    public int DecayBits { get; init; } = 12;

    /// <summary>Unsigned trace width (x1, y1, y3; y2 is signed with one more bit).</summary>
    public int TraceBits { get; init; } = 7;

    /// <summary>Fractional bits of a trace's decay factor (the remainder is rounded stochastically).</summary>
    public int TraceFractionBits { get; init; } = 8;

    /// <summary>Signed width of the learning engine's per-synapse accumulator.</summary>
    public int LearningAccumulatorBits { get; init; } = 16;

    /// <summary>Signed mantissa width of a learning rule's scale factor (scale = mantissa·2^exponent).</summary>
    public int ScaleMantissaBits { get; init; } = 4;

    /// <summary>Static power per used core in milliwatts, or null when unpriced.</summary>
    public double? StaticPowerMwPerCore { get; init; }

    /// <summary>Evidence for the static power.</summary>
    public string StaticPowerSource { get; init; } = "";

    /// <summary>Evidence for the capacities and widths above.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The encoding called <paramref name="name"/>, or null when the cores do not support it.</summary>
    public SynapseEncoding? Encoding(string name)
    {
        foreach (var e in Encodings)
        {
            if (e.Name == name)
            {
                return e;
            }
        }
        return null;
    }

    /// <summary>Largest weight magnitude: 2^(WeightBits−1) − 1.</summary>
    public int WeightMax => (1 << (WeightBits - 1)) - 1;

    /// <summary>Largest membrane value: 2^(MembraneBits−1) − 1.</summary>
    public int MembraneMax => (1 << (MembraneBits - 1)) - 1;

    /// <summary>Largest trace value: 2^TraceBits − 1.</summary>
    public int TraceMax => (1 << TraceBits) - 1;

    /// <summary>Largest learning-accumulator value.</summary>
    public int AccumulatorMax => (1 << (LearningAccumulatorBits - 1)) - 1;
}
