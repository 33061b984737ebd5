using Edge.Accelerator.Chips;
using Edge.Accelerator.Counting;
using Edge.Accelerator.Mapping;
using Edge.Runtime.Events;
using Edge.Runtime.Online;
using Edge.Runtime.Specs;

namespace Edge.Accelerator.Tests.Mapping;

public class MultiChipTests
{
    [Fact]
    public void Gesture_vgg_spreads_over_seven_loihi1_chips_in_core_order()
    {
        var mapping = Mapper.Map(NetworkCatalog.Load("gesture-vgg"), SystemCatalog.Load("loihi1"));
        Assert.Equal(818, mapping.CoresUsed);
        Assert.Equal(7, mapping.ChipsUsed);
        Assert.Equal(205, mapping.TilesUsed);
        Assert.All(mapping.Cores, c => Assert.Equal(c.Index / 128, c.Chip));
        // Chips fill the system's 32-wide row: chip k sits at tile columns 8k … 8k+7.
        Assert.All(mapping.Cores, c => Assert.InRange(c.TileX, c.Chip * 8, (c.Chip * 8) + 7));
        // Layers straddle chips: the conv2d at $.layers[1] starts on chip 0 and ends on chip 1.
        var p = mapping.Layers[1].Partition!.Value;
        Assert.Equal(0, mapping.Cores[p.FirstCore].Chip);
        Assert.Equal(1, mapping.Cores[p.FirstCore + p.Cores - 1].Chip);
    }

    [Fact]
    public void Routes_count_tile_hops_inside_chips_and_chip_hops_between_them()
    {
        var mesh = Mapper.Map(NetworkCatalog.Load("demo"), SystemCatalog.Load("loihi1")).Mesh;
        // Core 127 is tile 31 of chip 0: (7, 3). Core 128 is chip 1's first tile: global (8, 0).
        Assert.Equal(new Route(7, 3, 0), mesh.Between(0, 127));
        Assert.Equal(new Route(7, 0, 1), mesh.Between(0, 128));
        // Chip 32 starts the second row of chips: global (0, 4).
        Assert.Equal(new Route(0, 3, 1), mesh.Between(0, 32 * 128));
        Assert.Equal(new Route(7, 3, 0), mesh.Between(-1, 127)); // the host port is tile (0, 0) of chip 0
        Assert.Equal(new Route(0, 0, 0), mesh.Between(1, 3));    // same tile
    }

    [Fact]
    public void Small_chips_put_the_demo_on_many_chips_and_price_no_chip_hop()
    {
        var loihi = SystemCatalog.Load("loihi1");
        var small = loihi with { Chip = loihi.Chip with { TilesX = 2, TilesY = 1 }, ChipsX = 8, ChipsY = 8 };
        var spec = NetworkCatalog.Load("demo");
        using var task = new SpikePatternTask(new SensorGeometry(32, 32), spec.Classes, samples: 1, seed: 3);
        var framer = new SegmentFramer(task, new EventBinner(task.Geometry, new BinnerOptions { OutputHeight = 32, OutputWidth = 32 }), spec.TimeSteps);
        var report = AcceleratorModel.Run(spec, small, framer, "patterns", new ModelOptions { Samples = 1, Learn = false });
        Assert.Equal((report.CoresUsed + 7) / 8, report.Chips); // chips of 8 cores
        Assert.True(report.Chips > 4);
        Assert.True(report.CountsPerSample["hops_chip"] > 0);
        Assert.Contains("hop_chip", report.Unpriced); // Davies 2018 publishes no chip-to-chip energy
        Assert.Contains("hop_chip", report.UnpricedLatency);
    }
}
