using System.Text.Json;
using Edge.Runtime.Specs;

namespace Edge.Accelerator.Chips;

/// <summary>
/// Reads a system description (a preset or a user's file) from JSON. Every field is checked; an
/// error names the JSON path and what was expected (<see cref="SpecException"/>, exit code 2). Every
/// cost event must be listed: an unpublished cost is written as <c>null</c>, never left out.
/// </summary>
public static class SystemReader
{
    /// <summary>Parses <paramref name="json"/>; <paramref name="file"/> names the source in errors.</summary>
    public static SystemDescription Parse(string json, string? file = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            return Read(doc.RootElement);
        }
        catch (JsonException ex)
        {
            throw new SpecException("$", $"not valid JSON ({ex.Message})", file);
        }
        catch (SpecException ex) when (file is not null && ex.File is null)
        {
            throw ex.InFile(file);
        }
    }

    /// <summary>Reads a system description file.</summary>
    public static SystemDescription ReadFile(string path) => Parse(File.ReadAllText(path), path);

    private static SystemDescription Read(JsonElement root)
    {
        Object(root, "$");
        var chip = Object(Required(root, "$", "chip"), "$.chip");
        var costs = Object(Required(root, "$", "costs"), "$.costs");
        var table = new EventCost[CostEvents.Count];
        foreach (var p in costs.EnumerateObject())
        {
            var path = "$.costs." + p.Name;
            if (!CostEvents.TryParse(p.Name, out var e))
            {
                throw new SpecException(path, "unknown cost event");
            }
            var v = Object(p.Value, path);
            table[(int)e] = new EventCost(OptionalNumber(v, path, "energy_pj"), OptionalNumber(v, path, "latency_ns"), String(v, path, "source"));
        }
        for (var i = 0; i < table.Length; i++)
        {
            if (table[i] is null)
            {
                throw new SpecException("$.costs." + CostEvents.Name((CostEvent)i),
                    "missing: list every event, with \"energy_pj\": null when no number is published");
            }
        }
        var barrier = new List<BarrierPoint>();
        var barrierJson = Required(root, "$", "barrier_ns");
        if (barrierJson.ValueKind != JsonValueKind.Array)
        {
            throw new SpecException("$.barrier_ns", "expected an array of {\"tiles\", \"ns\"} points");
        }
        var k = 0;
        foreach (var point in barrierJson.EnumerateArray())
        {
            var path = $"$.barrier_ns[{k++}]";
            var tiles = Int(point, path, "tiles", 1);
            if (barrier.Count > 0 && tiles <= barrier[^1].Tiles)
            {
                throw new SpecException(path + ".tiles", "points must be in increasing order of tiles");
            }
            barrier.Add(new BarrierPoint(tiles, Number(point, path, "ns")));
        }
        return new SystemDescription
        {
            Name = String(root, "$", "name"),
            Description = OptionalString(root, "description") ?? "",
            Chip = ReadChip(chip),
            ChipsX = Int(root, "$", "chips_x", 1),
            ChipsY = Int(root, "$", "chips_y", 1),
            Barrier = barrier,
            Costs = table,
        };
    }

    private static ChipDescription ReadChip(JsonElement c)
    {
        const string at = "$.chip";
        var execution = String(c, at, "execution") switch
        {
            "event-driven" => ExecutionStyle.EventDriven,
            "dense" => ExecutionStyle.Dense,
            _ => throw new SpecException(at + ".execution", "expected \"event-driven\" or \"dense\""),
        };
        var encodings = new List<SynapseEncoding>();
        var k = 0;
        foreach (var e in Array(c, at, "encodings"))
        {
            var path = $"{at}.encodings[{k++}]";
            var name = String(e, path, "name");
            if (name is not ("discrete" or "population" or "conv-shared"))
            {
                throw new SpecException(path + ".name", "expected \"discrete\", \"population\" or \"conv-shared\"");
            }
            encodings.Add(new SynapseEncoding(name, Bool(e, path, "shared_weights"), Bool(e, path, "population_axons"),
                Int(e, path, "static_bits", 1), Int(e, path, "plastic_bits", 1), Int(e, path, "axon_header_bits", 0), String(e, path, "source")));
        }
        if (encodings.Count == 0)
        {
            throw new SpecException(at + ".encodings", "a chip needs at least one synapse encoding");
        }
        var notes = new List<string>();
        if (c.TryGetProperty("notes", out var n) && n.ValueKind == JsonValueKind.Array)
        {
            foreach (var note in n.EnumerateArray())
            {
                notes.Add(note.GetString() ?? "");
            }
        }
        var chip = new ChipDescription
        {
            Name = String(c, at, "name"),
            Execution = execution,
            TilesX = Int(c, at, "tiles_x", 1),
            TilesY = Int(c, at, "tiles_y", 1),
            CoresPerTile = Int(c, at, "cores_per_tile", 1),
            NeuronsPerCore = Int(c, at, "neurons_per_core", 1),
            SynapticMemoryBytes = Int(c, at, "synaptic_memory_bytes", 1),
            FanInAxons = Int(c, at, "fan_in_axons", 1),
            FanOutAxons = Int(c, at, "fan_out_axons", 1),
            Encodings = encodings,
            WeightBits = Int(c, at, "weight_bits", 2, 16),
            WeightShiftBits = Int(c, at, "weight_shift_bits", 0, 8),
            MembraneBits = Int(c, at, "membrane_bits", 8, 31),
            DecayBits = Int(c, at, "decay_bits", 4, 16),
            TraceBits = Int(c, at, "trace_bits", 2, 15),
            TraceFractionBits = Int(c, at, "trace_fraction_bits", 0, 16),
            LearningAccumulatorBits = Int(c, at, "learning_accumulator_bits", 4, 31),
            ScaleMantissaBits = Int(c, at, "scale_mantissa_bits", 2, 16),
            StaticPowerMwPerCore = OptionalNumber(c, at, "static_power_mw_per_core"),
            StaticPowerSource = OptionalString(c, "static_power_source") ?? "",
            Notes = notes,
        };
        if (chip.WeightBits + chip.WeightShiftBits >= chip.MembraneBits)
        {
            throw new SpecException(at + ".membrane_bits", "the membrane must be wider than a shifted weight");
        }
        return chip;
    }

    private static JsonElement Object(JsonElement e, string path) =>
        e.ValueKind == JsonValueKind.Object ? e : throw new SpecException(path, "expected an object");

    private static JsonElement Required(JsonElement e, string path, string name) =>
        e.TryGetProperty(name, out var v) ? v : throw new SpecException(path + "." + name, "missing");

    private static JsonElement.ArrayEnumerator Array(JsonElement e, string path, string name)
    {
        var v = Required(e, path, name);
        return v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : throw new SpecException(path + "." + name, "expected an array");
    }

    private static string String(JsonElement e, string path, string name)
    {
        var v = Required(e, path, name);
        return v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new SpecException(path + "." + name, "expected a string");
    }

    private static string? OptionalString(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool Bool(JsonElement e, string path, string name) => Required(e, path, name).ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new SpecException(path + "." + name, "expected true or false"),
    };

    private static double Number(JsonElement e, string path, string name)
    {
        var v = Required(e, path, name);
        return v.ValueKind == JsonValueKind.Number && v.GetDouble() >= 0
            ? v.GetDouble()
            : throw new SpecException(path + "." + name, "expected a number ≥ 0");
    }

    private static double? OptionalNumber(JsonElement e, string path, string name)
    {
        var v = Required(e, path, name);
        return v.ValueKind == JsonValueKind.Null ? null : Number(e, path, name);
    }

    private static int Int(JsonElement e, string path, string name, int min, int max = int.MaxValue)
    {
        var v = Required(e, path, name);
        return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) && i >= min && i <= max
            ? i
            : throw new SpecException(path + "." + name, $"expected an integer from {min} to {max}");
    }
}
