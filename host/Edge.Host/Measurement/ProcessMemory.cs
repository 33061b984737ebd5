using System.Globalization;

namespace Edge.Host.Measurement;

/// <summary>Resident memory of this process from /proc/self/status (Linux); null elsewhere.</summary>
internal static class ProcessMemory
{
    /// <summary>Current resident set size in MB.</summary>
    public static double? ResidentMb() => ReadKb("VmRSS:") / 1024.0;

    /// <summary>Peak resident set size in MB since start or the last <see cref="ResetPeak"/>.</summary>
    public static double? PeakMb() => ReadKb("VmHWM:") / 1024.0;

    /// <summary>Resets the peak to the current RSS (Linux clear_refs 5); false when not possible.</summary>
    public static bool ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static double? ReadKb(string key)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith(key, StringComparison.Ordinal))
                {
                    var parts = line[key.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return double.Parse(parts[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        return null;
    }
}
