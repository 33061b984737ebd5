using Edge.Runtime.Events;

namespace Edge.Drivers.Formats;

/// <summary>
/// Pixel arrays of the sensors that file headers name (iniVation chips and sources, Prophesee
/// HAL plugins), for formats that name the sensor instead of giving its size.
/// </summary>
internal static class KnownSensors
{
    // Order matters: the first entry whose key the name contains wins.
    private static readonly (string Key, int Width, int Height)[] Inivation =
    [
        ("DVXplorer_Lite", 320, 240),
        ("DVXplorer Lite", 320, 240),
        ("DVXplorer", 640, 480),
        ("DVS128", 128, 128),
        ("Tmpdiff128", 128, 128),
        ("eDVS", 128, 128),
        ("Davis128", 128, 128),
        ("Davis208", 208, 192),
        ("DAVIS240", 240, 180),
        ("DVS240", 240, 180),
        ("DAVIS346", 346, 260),
        ("Davis640", 640, 480),
    ];

    private static readonly (string Key, int Width, int Height)[] PropheseePlugins =
    [
        ("genx320", 320, 320),
        ("gen3", 640, 480),
        ("gen4", 1280, 720),
        ("imx636", 1280, 720),
        ("imx646", 1280, 720),
    ];

    /// <summary>The array of an iniVation sensor or jAER chip class named in a header, or null.</summary>
    public static SensorGeometry? FromInivationName(string name) => Find(Inivation, name);

    /// <summary>The array of the sensor a Prophesee HAL plugin drives (e.g. hal_plugin_gen41_evk3), or null.</summary>
    public static SensorGeometry? FromPropheseePlugin(string plugin) => Find(PropheseePlugins, plugin);

    /// <summary>The iniVation sensor name with exactly this array, or null.</summary>
    public static string? InivationName(SensorGeometry geometry)
    {
        foreach (var (key, width, height) in Inivation)
        {
            if (width == geometry.Width && height == geometry.Height)
            {
                return key;
            }
        }
        return null;
    }

    private static SensorGeometry? Find((string Key, int Width, int Height)[] table, string name)
    {
        foreach (var (key, width, height) in table)
        {
            if (name.Contains(key, StringComparison.OrdinalIgnoreCase))
            {
                return new SensorGeometry(width, height);
            }
        }
        return null;
    }
}
