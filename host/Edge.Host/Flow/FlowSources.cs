using Edge.Host.Sources;
using Edge.Runtime.Events;
using Edge.Sim.Sensor;
using Edge.Sim.Tasks;

namespace Edge.Host.Flow;

/// <summary>
/// The sources <c>edge flow</c> learns from: <c>sim:</c> (or <c>sim:flow</c>), the simulated flow
/// task, and <c>mvsec:PATH</c>, an MVSEC sequence's HDF5 files.
/// </summary>
internal static class FlowSources
{
    private static readonly string[] SimParameters = ["seed", "kinds", "segment", "preset"];
    private static readonly string[] MvsecParameters = ["gt"];

    /// <summary>Opens <paramref name="uri"/>; a simulated sensor is made <paramref name="geometry"/> (the network's frames).</summary>
    /// <exception cref="UserInputException">An unknown scheme, target or parameter, or an unreadable file.</exception>
    public static IFlowEventSource Open(SourceUri uri, FlowOptions options, SensorGeometry geometry)
    {
        switch (uri.Scheme)
        {
            case "sim":
                uri.RejectUnknown(SimParameters);
                if (uri.Target.Length > 0 && uri.Target != FlowTask.Info.Name)
                {
                    throw new UserInputException($"--source '{uri.Text}': edge flow learns the simulated flow task (sim: or sim:flow), not '{uri.Target}'");
                }
                return new FlowTask(new TaskOptions
                {
                    Samples = options.Samples,
                    Seed = (ulong)(uri.GetInt("seed", 0, int.MaxValue) ?? (int)Math.Min(int.MaxValue, options.Seed)),
                    Geometry = geometry,
                    SegmentUs = uri.GetInt("segment", 5, 10_000) is int ms ? ms * 1000L : null,
                    Sensor = Preset(uri),
                    Classes = Kinds(uri),
                });
            case "mvsec":
                uri.RejectUnknown(MvsecParameters);
                var data = uri.RequireTarget("the sequence's _data.hdf5 file");
                return Drivers.Datasets.Mvsec.MvsecFlowSource.Open(data, uri.Get("gt"), options.Samples);
            default:
                throw new UserInputException($"--source '{uri.Text}': edge flow reads sim: (the simulated flow task) or mvsec:<sequence_data.hdf5>");
        }
    }

    private static SensorParameters Preset(SourceUri uri)
    {
        var preset = uri.Get("preset") ?? "default";
        try
        {
            return SensorParameters.FromPreset(preset);
        }
        catch (ArgumentException)
        {
            throw uri.Bad("preset", preset, "clean, default or noisy");
        }
    }

    private static string[]? Kinds(SourceUri uri)
    {
        var text = uri.Get("kinds");
        if (text is null)
        {
            return null;
        }
        var kinds = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var kind in kinds)
        {
            if (!FlowTask.Info.ClassNames.Contains(kind))
            {
                throw uri.Bad("kinds", text, "a comma-separated list of " + string.Join(", ", FlowTask.Info.ClassNames));
            }
        }
        return kinds.Length == 0 ? throw uri.Bad("kinds", text, "at least one motion kind") : kinds;
    }
}
