namespace Edge.Accelerator.Mapping;

/// <summary>
/// How a layer's neurons (an output map [C, H, W], channels-last) are split over cores: channel groups
/// of <see cref="GroupChannels"/> channels times spatial tiles of <see cref="TileHeight"/> ×
/// <see cref="TileWidth"/> positions, one core per (group, tile). Cores are numbered from
/// <see cref="FirstCore"/> in the order group, tile row, tile column.
/// </summary>
public readonly record struct Partition(int FirstCore, int Channels, int Height, int Width, int GroupChannels, int TileHeight, int TileWidth)
{
    /// <summary>Channel groups.</summary>
    public int Groups => (Channels + GroupChannels - 1) / GroupChannels;

    /// <summary>Tile rows.</summary>
    public int TilesY => (Height + TileHeight - 1) / TileHeight;

    /// <summary>Tile columns.</summary>
    public int TilesX => (Width + TileWidth - 1) / TileWidth;

    /// <summary>Spatial tiles (a copy of a shared kernel is held per tile).</summary>
    public int Tiles => TilesY * TilesX;

    /// <summary>Cores of the layer.</summary>
    public int Cores => Groups * Tiles;

    /// <summary>Global index of the core holding neuron (y, x, c).</summary>
    public int CoreOf(int y, int x, int c) => FirstCore + ((((c / GroupChannels) * TilesY) + (y / TileHeight)) * TilesX) + (x / TileWidth);

    /// <summary>Spatial tile (0 … Tiles−1) of position (y, x).</summary>
    public int TileOf(int y, int x) => ((y / TileHeight) * TilesX) + (x / TileWidth);

    /// <summary>Global index of the core of channel group <paramref name="group"/> and tile (ty, tx).</summary>
    public int Core(int group, int ty, int tx) => FirstCore + (((group * TilesY) + ty) * TilesX) + tx;

    /// <summary>The group, tile row and tile column of local core <paramref name="local"/>.</summary>
    public (int Group, int TileY, int TileX) Locate(int local) => (local / Tiles, local % Tiles / TilesX, local % TilesX);

    /// <summary>Channels of group <paramref name="group"/> (the last group may be smaller).</summary>
    public int ChannelsIn(int group) => Math.Min(GroupChannels, Channels - (group * GroupChannels));

    /// <summary>Rows of tile row <paramref name="ty"/>.</summary>
    public int RowsIn(int ty) => Math.Min(TileHeight, Height - (ty * TileHeight));

    /// <summary>Columns of tile column <paramref name="tx"/>.</summary>
    public int ColumnsIn(int tx) => Math.Min(TileWidth, Width - (tx * TileWidth));
}
