using Edge.Accelerator.Chips;
using Edge.Runtime.Specs;

namespace Edge.Accelerator.Tests.Chips;

public class SystemDescriptionTests
{
    [Fact]
    public void The_three_presets_load_with_a_cost_for_every_event()
    {
        Assert.Equal(["dense-45nm", "loihi1", "loihi1-measured"], SystemCatalog.Names);
        foreach (var name in SystemCatalog.Names)
        {
            var system = SystemCatalog.Load(name);
            Assert.Equal(name, system.Name);
            Assert.Equal(CostEvents.Count, system.Costs.Count);
            Assert.All(system.Costs, c => Assert.False(string.IsNullOrWhiteSpace(c.Source)));
            Assert.Equal(128, system.Chip.CoresPerChip);
            Assert.Equal(768, system.Chips);
        }
    }

    [Fact]
    public void Loihi1_carries_Davies_2018_table_2()
    {
        var s = SystemCatalog.Load("loihi1");
        Assert.Equal(new EventCost(23.6, 3.5, s.Cost(CostEvent.Synop).Source), s.Cost(CostEvent.Synop));
        Assert.Equal(81, s.Cost(CostEvent.NeuronUpdateActive).EnergyPj);
        Assert.Equal(52, s.Cost(CostEvent.NeuronUpdateIdle).EnergyPj);
        Assert.Equal(1.7, s.Cost(CostEvent.Message).EnergyPj);
        Assert.Equal(3.0, s.Cost(CostEvent.HopEastWest).EnergyPj);
        Assert.Equal(4.0, s.Cost(CostEvent.HopNorthSouth).EnergyPj);
        Assert.Equal(60, s.Cost(CostEvent.SynUpdateTerm).EnergyPj); // 120 pJ per 2-term pairwise update
        Assert.Null(s.Cost(CostEvent.HopChip).EnergyPj);            // unpublished: unpriced, not zero
        Assert.Null(s.Cost(CostEvent.Barrier).EnergyPj);
        Assert.Equal(1024, s.Chip.NeuronsPerCore);
        Assert.Equal(131072, s.Chip.SynapticMemoryBytes);
        Assert.Equal(4096, s.Chip.FanInAxons);
        Assert.Equal(255, s.Chip.WeightMax);
        Assert.Equal((1 << 23) - 1, s.Chip.MembraneMax);
    }

    [Fact]
    public void Loihi1_measured_carries_the_SANA_FE_values_and_dense_45nm_Horowitz()
    {
        var m = SystemCatalog.Load("loihi1-measured");
        Assert.Equal(35.5, m.Cost(CostEvent.Synop).EnergyPj);
        Assert.Equal(24.0, m.Cost(CostEvent.SynopShared).EnergyPj);
        Assert.Equal(111, m.Cost(CostEvent.Message).EnergyPj);
        Assert.Equal(4.2, m.Cost(CostEvent.HopNorthSouth).EnergyPj);
        var d = SystemCatalog.Load("dense-45nm");
        Assert.Equal(ExecutionStyle.Dense, d.Chip.Execution);
        Assert.Equal(3.38, d.Cost(CostEvent.Synop).EnergyPj); // 0.2 + 0.1 + 24.6 / 8 pJ
        Assert.Null(d.Cost(CostEvent.HopEastWest).EnergyPj);
        Assert.Null(d.Chip.StaticPowerMwPerCore);
    }

    [Fact]
    public void Barrier_time_interpolates_the_published_points()
    {
        var s = SystemCatalog.Load("loihi1");
        Assert.Equal(113, s.BarrierNs(1), 9);
        Assert.Equal(465, s.BarrierNs(32), 9);
        Assert.Equal(113 + (352.0 * 15 / 31), s.BarrierNs(16), 9);
        Assert.Equal(113 + (352.0 * 63 / 31), s.BarrierNs(64), 9); // extrapolated [A]
        Assert.Equal(1800, SystemCatalog.Load("loihi1-measured").BarrierNs(29), 9);
    }

    [Fact]
    public void Resizing_the_system_keeps_the_mesh_as_square_as_it_divides()
    {
        var s = SystemCatalog.Load("loihi1");
        Assert.Equal((1, 1), (s.WithChips(1).ChipsX, s.WithChips(1).ChipsY));
        Assert.Equal((2, 2), (s.WithChips(4).ChipsX, s.WithChips(4).ChipsY));
        Assert.Equal((4, 2), (s.WithChips(8).ChipsX, s.WithChips(8).ChipsY));
        Assert.Equal(7, s.WithChips(7).Chips);
    }

    [Fact]
    public void A_missing_cost_is_an_error_naming_its_path_never_a_silent_zero()
    {
        var json = Preset("loihi1").Replace("\"hop_chip\"", "\"hop_chip_renamed\"", StringComparison.Ordinal);
        var ex = Assert.Throws<SpecException>(() => SystemReader.Parse(json, "mine.json"));
        Assert.Contains("$.costs.hop_chip_renamed", ex.Message, StringComparison.Ordinal);
        Assert.Contains("mine.json", ex.Message, StringComparison.Ordinal);
        var withoutEvent = Preset("loihi1").Replace("\"hop_chip\": { \"energy_pj\": null, \"latency_ns\": null, \"source\": \"unpublished: Davies 2018 gives no chip-to-chip figure\" },", "", StringComparison.Ordinal);
        var missing = Assert.Throws<SpecException>(() => SystemReader.Parse(withoutEvent));
        Assert.Contains("$.costs.hop_chip", missing.Message, StringComparison.Ordinal);
        Assert.Contains("null", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_fields_name_their_json_path()
    {
        var ex = Assert.Throws<SpecException>(() => SystemReader.Parse(Preset("loihi1").Replace("\"fan_in_axons\": 4096", "\"fan_in_axons\": 0", StringComparison.Ordinal)));
        Assert.Contains("$.chip.fan_in_axons", ex.Message, StringComparison.Ordinal);
        Assert.Throws<SpecException>(() => SystemReader.Parse("{ not json"));
        Assert.Throws<SpecException>(() => SystemCatalog.Resolve("loihi9"));
    }

    private static string Preset(string name)
    {
        using var stream = typeof(SystemCatalog).Assembly.GetManifestResourceStream("Edge.Accelerator.Presets." + name + ".json")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
