using Edge.Accelerator.Chips;

namespace Edge.Accelerator.Mapping;

/// <summary>Hops of one message: tile hops east-west and north-south inside chips, and chip-to-chip hops.</summary>
public readonly record struct Route(int EastWest, int NorthSouth, int Chip);

/// <summary>
/// Where cores sit: core k is core k mod C of chip k / C (C cores per chip), in tile (k mod C) / cores
/// per tile; tiles fill the chip's mesh row by row and chips fill the system's mesh row by row. Messages
/// take dimension-order routes on the global grid of tiles; crossing a chip boundary is a chip hop
/// instead of a tile hop. The host and sensor interface sits at the corner tile (0, 0) of chip 0 [A].
/// </summary>
public readonly record struct Mesh(ChipDescription Chip, int ChipsX)
{
    /// <summary>Chip of core <paramref name="core"/>.</summary>
    public int ChipOf(int core) => core / Chip.CoresPerChip;

    /// <summary>Global tile column and row of core <paramref name="core"/>.</summary>
    public (int X, int Y) TileOf(int core)
    {
        var chip = ChipOf(core);
        var tile = core % Chip.CoresPerChip / Chip.CoresPerTile;
        return (((chip % ChipsX) * Chip.TilesX) + (tile % Chip.TilesX), ((chip / ChipsX) * Chip.TilesY) + (tile / Chip.TilesX));
    }

    /// <summary>Global tile index (unique per tile of the system) of core <paramref name="core"/>.</summary>
    public int TileIndex(int core) => core / Chip.CoresPerTile;

    /// <summary>Route from core <paramref name="from"/> to core <paramref name="to"/>; a negative index is the host port.</summary>
    public Route Between(int from, int to)
    {
        var (ax, ay) = from < 0 ? (0, 0) : TileOf(from);
        var (bx, by) = to < 0 ? (0, 0) : TileOf(to);
        var dx = Math.Abs(ax - bx);
        var dy = Math.Abs(ay - by);
        var cx = Math.Abs((ax / Chip.TilesX) - (bx / Chip.TilesX));
        var cy = Math.Abs((ay / Chip.TilesY) - (by / Chip.TilesY));
        return new Route(dx - cx, dy - cy, cx + cy);
    }
}
