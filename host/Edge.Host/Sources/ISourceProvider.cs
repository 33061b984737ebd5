namespace Edge.Host.Sources;

/// <summary>
/// Opens the sources of one URI scheme (<c>sim:</c>, <c>file:</c>, a camera). A new camera is one
/// class implementing this, added to a <see cref="SourceRegistry"/>.
/// </summary>
public interface ISourceProvider
{
    /// <summary>The scheme, lower case, without the colon (<c>edvs</c>).</summary>
    string Scheme { get; }

    /// <summary>One line for help texts: the URI form and what it opens.</summary>
    string Usage { get; }

    /// <summary>The URI parameters this scheme takes (<c>?key=value</c>); any other is refused before <see cref="Open"/>.</summary>
    IReadOnlyCollection<string> Parameters { get; }

    /// <summary>Opens <paramref name="uri"/>.</summary>
    /// <exception cref="UserInputException">The URI does not say what to open, or a parameter is not valid.</exception>
    /// <exception cref="Edge.Runtime.DeviceUnavailableException">The device or its native library is absent.</exception>
    OpenedSource Open(SourceUri uri, SourceOptions options);
}
