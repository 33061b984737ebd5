namespace Edge.Drivers.Formats.Conversion;

/// <summary>A recording cannot be written in the asked format (too large a sensor, a crop outside it); the message says which and what to do.</summary>
public sealed class ConversionException : IOException
{
    /// <summary>Creates the exception with its one-line message.</summary>
    public ConversionException(string message) : base(message) { }

    /// <summary>Creates the exception with its one-line message and its cause.</summary>
    public ConversionException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Creates the exception without a message.</summary>
    public ConversionException() { }
}
