using Edge.Drivers.Formats;

namespace Edge.Host.Sources.Providers;

/// <summary>The <c>format=</c> parameter of file and stream sources.</summary>
internal static class EventFormatParameter
{
    /// <summary>The format named by <paramref name="uri"/>'s <c>format</c> parameter, or null to detect it.</summary>
    /// <exception cref="UserInputException">An unknown format name.</exception>
    public static EventFormat? Of(SourceUri uri) => uri.Get("format") switch
    {
        null => null,
        var name when EventFormatNames.TryParse(name, out var format) => format,
        var name => throw uri.Bad("format", name, string.Join(", ", EventFormatNames.All)),
    };
}
