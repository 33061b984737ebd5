namespace Edge.Runtime;

/// <summary>
/// A camera, board device or native library is not present. The message is one line naming the
/// device or library and what to install or check.
/// </summary>
public sealed class DeviceUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DeviceUnavailableException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public DeviceUnavailableException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception without a message (prefer a message).</summary>
    public DeviceUnavailableException() : base("device not available") { }
}
