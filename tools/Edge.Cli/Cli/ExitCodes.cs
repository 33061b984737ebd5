namespace Edge.Cli.Cli;

/// <summary>Exit codes shared by every verb (docs/cli-conventions.md).</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>A check the command performs failed (e.g. a golden case outside tolerance).</summary>
    public const int CheckFailed = 1;

    /// <summary>Bad input: arguments, a missing or corrupt file, an invalid spec or config.</summary>
    public const int BadInput = 2;

    /// <summary>A device or native library is not available.</summary>
    public const int DeviceUnavailable = 3;

    /// <summary>Interrupted (Ctrl-C / SIGTERM) after a clean shutdown.</summary>
    public const int Interrupted = 130;
}
