using System.Globalization;

namespace Edge.Sim.Scenes;

/// <summary>The one-line error of a damaged or unsupported image file: what, in which file, at which byte.</summary>
internal static class ImageErrors
{
    /// <summary>An <see cref="InvalidDataException"/> reading "file: byte N: problem".</summary>
    public static InvalidDataException At(string file, long offset, string problem) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{file}: byte {offset}: {problem}"));
}
