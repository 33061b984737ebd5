namespace Edge.Accelerator.Chips;

/// <summary>A point of the barrier-latency curve: <paramref name="Tiles"/> tiles synchronise in <paramref name="Nanoseconds"/>.</summary>
public readonly record struct BarrierPoint(int Tiles, double Nanoseconds);

/// <summary>
/// A system of identical chips in a 2-D mesh, with the energy and time of every event. Plain data
/// (the presets are JSON files); <see cref="WithChips"/> resizes the mesh.
/// </summary>
public sealed record SystemDescription
{
    private readonly EventCost[] _costs = [];

    /// <summary>Preset or file name.</summary>
    public required string Name { get; init; }

    /// <summary>One line about the system and its numbers.</summary>
    public string Description { get; init; } = "";

    /// <summary>The chip.</summary>
    public required ChipDescription Chip { get; init; }

    /// <summary>Chips per row of the system mesh.</summary>
    public required int ChipsX { get; init; }

    /// <summary>Chip rows of the system mesh.</summary>
    public required int ChipsY { get; init; }

    /// <summary>Chips in the system.</summary>
    public int Chips => ChipsX * ChipsY;

    /// <summary>Cores in the system.</summary>
    public long Cores => (long)Chips * Chip.CoresPerChip;

    /// <summary>Barrier latency against the number of tiles in use, interpolated linearly.</summary>
    public required IReadOnlyList<BarrierPoint> Barrier { get; init; }

    /// <summary>Cost of every event, indexed by <see cref="CostEvent"/>.</summary>
    public required IReadOnlyList<EventCost> Costs
    {
        get => _costs;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Count != CostEvents.Count)
            {
                throw new ArgumentException($"a system needs a cost for each of the {CostEvents.Count} events", nameof(value));
            }
            _costs = [.. value];
        }
    }

    /// <summary>The cost of <paramref name="e"/>.</summary>
    public EventCost Cost(CostEvent e) => _costs[(int)e];

    /// <summary>
    /// Barrier time for <paramref name="tiles"/> tiles in use: linear between the published points and
    /// extrapolated with the last slope beyond them [A].
    /// </summary>
    public double BarrierNs(int tiles)
    {
        var points = Barrier;
        if (points.Count == 0)
        {
            return 0;
        }
        if (points.Count == 1 || tiles <= points[0].Tiles)
        {
            return points[0].Nanoseconds;
        }
        for (var i = 1; i < points.Count; i++)
        {
            if (tiles <= points[i].Tiles || i == points.Count - 1)
            {
                var (a, b) = (points[i - 1], points[i]);
                return a.Nanoseconds + ((b.Nanoseconds - a.Nanoseconds) * (tiles - a.Tiles) / (b.Tiles - a.Tiles));
            }
        }
        return points[^1].Nanoseconds;
    }

    /// <summary>The same system with <paramref name="chips"/> chips in a mesh as square as possible.</summary>
    public SystemDescription WithChips(int chips)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chips);
        var x = (int)Math.Ceiling(Math.Sqrt(chips));
        while (chips % x != 0)
        {
            x++;
        }
        return this with { ChipsX = x, ChipsY = chips / x };
    }
}
