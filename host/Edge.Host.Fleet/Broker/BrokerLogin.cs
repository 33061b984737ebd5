namespace Edge.Host.Fleet.Broker;

/// <summary>How a client reaches and logs in to the broker.</summary>
public sealed record BrokerLogin
{
    /// <summary>The broker.</summary>
    public required BrokerAddress Address { get; init; }

    /// <summary>User name; null connects anonymously.</summary>
    public string? Username { get; init; }

    /// <summary>Password (from the configuration or <c>EDGE_FLEET_PASSWORD</c>); null for none.</summary>
    public string? Password { get; init; }

    /// <summary>A PEM file of the certificate authority that signed the broker's certificate (mqtts:// only); null trusts the system's.</summary>
    public string? CaFile { get; init; }

    /// <summary>The name of the environment variable that holds the password.</summary>
    public const string PasswordVariable = "EDGE_FLEET_PASSWORD";

    /// <summary>The password given, else the one in <see cref="PasswordVariable"/>, else null.</summary>
    public static string? PasswordOrEnvironment(string? given) =>
        !string.IsNullOrEmpty(given) ? given : Environment.GetEnvironmentVariable(PasswordVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null;
}
