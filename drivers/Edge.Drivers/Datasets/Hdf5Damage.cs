namespace Edge.Drivers.Datasets;

/// <summary>
/// What PureHDF throws on a damaged HDF5 file — a plain <see cref="Exception"/>, a format, range,
/// overflow or not-supported error, or an array too large for a length field it read — turned into
/// the one-line <see cref="DatasetException"/> the dataset readers report.
/// </summary>
internal static class Hdf5Damage
{
    /// <summary>
    /// True for the exceptions PureHDF throws on a damaged file: everything but the readers' own
    /// errors and a real I/O or permission failure (an end of stream is a damaged file).
    /// </summary>
    public static bool IsDamage(Exception error) =>
        error is not DatasetException and not UnauthorizedAccessException
        && (error is not IOException || error is EndOfStreamException);

    /// <summary>The error of <paramref name="path"/> damaged where <paramref name="reading"/> says.</summary>
    public static DatasetException Error(string path, string reading, Exception damage) =>
        new(path, $"is damaged: {reading}: {Describe(damage)}");

    /// <summary>PureHDF's message in one plain line, without parameter or .NET type names.</summary>
    public static string Describe(Exception error)
    {
        if (error is OutOfMemoryException)
        {
            return "a size in the file is larger than memory can hold";
        }
        var message = error.Message.ReplaceLineEndings(" ").Trim();
        var parameter = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        if (parameter >= 0)
        {
            message = message[..parameter];
        }
        return message.Length == 0 || message.Contains("System.", StringComparison.Ordinal) || message.Contains("Exception", StringComparison.Ordinal)
            || error is ArgumentException or OverflowException or IndexOutOfRangeException
            ? "a size or offset in the file is out of range"
            : message.TrimEnd('.');
    }
}
