using Edge.Devices.Cameras.Edvs;

namespace Edge.Host.Sources.Providers;

/// <summary>The parameters the serial and the TCP eDVS sources share: <c>format</c> and <c>biases</c>.</summary>
internal static class EdvsParameters
{
    /// <summary>The eDVS options <paramref name="uri"/> asks for.</summary>
    /// <exception cref="UserInputException">An unknown event format or bias preset.</exception>
    public static EdvsOptions Of(SourceUri uri)
    {
        var options = new EdvsOptions();
        if (uri.Get("format") is { } format)
        {
            options = options with
            {
                Format = EdvsEventFormats.TryParse(format, out var parsed) ? parsed : throw uri.Bad("format", format, "E2, E3 or E4"),
            };
        }
        if (uri.Get("biases") is { } biases)
        {
            options = options with
            {
                Biases = EdvsBiases.Find(biases) ?? throw uri.Bad("biases", biases, PresetNames()),
            };
        }
        return options;
    }

    private static string PresetNames()
    {
        var names = new List<string>();
        foreach (var preset in EdvsBiases.Presets)
        {
            names.Add(preset.Name);
        }
        return string.Join(" or ", names);
    }
}
