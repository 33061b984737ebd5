using Edge.TestSupport;

namespace Edge.Drivers.Tests.Support;

/// <summary>Paths and bytes of the shared sample recordings.</summary>
internal static class SampleFiles
{
    public static string Path(string relative) => SharedData.Resolve("data", "samples", relative);

    public static byte[] Bytes(string relative) => File.ReadAllBytes(Path(relative));

    /// <summary>Length of the leading text lines that start with <paramref name="marker"/>.</summary>
    public static int HeaderLength(byte[] bytes, byte marker)
    {
        var at = 0;
        while (at < bytes.Length && bytes[at] == marker)
        {
            at = Array.IndexOf(bytes, (byte)'\n', at) + 1;
        }
        return at;
    }
}
