namespace Edge.Accelerator.Mapping;

/// <summary>
/// The configured system cannot hold the network. <see cref="Limit"/> names the limit (the key of the
/// system description, e.g. <c>fan_in_axons</c>, or <c>cores</c> for the system's size) and the
/// message says which layer needs how much.
/// </summary>
public sealed class MappingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MappingException(string limit, string message) : base(message) => Limit = limit;

    /// <summary>Creates the exception from a message.</summary>
    public MappingException(string message) : this("unknown", message) { }

    /// <summary>Creates the exception from a message and a cause.</summary>
    public MappingException(string message, Exception innerException) : base(message, innerException) => Limit = "unknown";

    /// <summary>Creates the exception without details.</summary>
    public MappingException() : this("unknown", "the network does not fit the system") { }

    /// <summary>The limit that was exceeded.</summary>
    public string Limit { get; }
}
