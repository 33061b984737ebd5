namespace Edge.Host;

/// <summary>Version information of the host library, as reported in run and status lines.</summary>
public static class HostInfo
{
    /// <summary>The informational version of this assembly (for example <c>1.0.0+abcdef</c>).</summary>
    public static string Version { get; } =
        typeof(HostInfo).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false) is [System.Reflection.AssemblyInformationalVersionAttribute a, ..]
            ? a.InformationalVersion
            : "0.0.0";
}
