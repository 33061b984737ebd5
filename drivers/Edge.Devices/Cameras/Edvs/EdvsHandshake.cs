using System.Diagnostics;
using System.Globalization;
using System.Text;
using Edge.Runtime;

namespace Edge.Devices.Cameras.Edvs;

/// <summary>
/// The eDVS open sequence (libcaer <c>edvsOpen</c>, jAER): stop a stream left running, reset the
/// board and check its banner, switch the UART echo off, choose the event format, load biases,
/// reset the timestamp, then start streaming with <c>E+</c>.
/// </summary>
internal static class EdvsHandshake
{
    private const int MaxBanner = 1024;

    /// <summary>Runs the sequence up to (not including) <c>E+</c>; returns the banner.</summary>
    public static string Configure(IEdvsLink link, EdvsOptions options)
    {
        var scratch = new byte[MaxBanner];
        Send(link, "E-");
        Drain(link, scratch, options.QuietTime);

        Send(link, "R");
        var banner = ReadBanner(link, scratch, options);
        if (!banner.Contains("EDVS", StringComparison.OrdinalIgnoreCase))
        {
            var heard = banner.Length == 0 ? "nothing" : $"'{Printable(banner)}'";
            throw new DeviceUnavailableException(
                $"no eDVS answered on {link.Name} (reset banner: {heard} within {options.ResetTimeout.TotalMilliseconds:0} ms): " +
                "check power, cable and baud rate (?baud=12000000 for a mini-eDVS or serial 126xx, 4000000 for 613xx)");
        }

        Send(link, "!U0");
        Send(link, string.Create(CultureInfo.InvariantCulture, $"!E{(int)options.Format}"));
        if (options.Biases is { } biases)
        {
            foreach (var command in biases.Commands())
            {
                Send(link, command);
            }
        }
        if (options.ResetTimestamp)
        {
            Send(link, "!ET0");
        }
        // Replies and echoes (if the board ignored !U0) end here, before binary data starts.
        Drain(link, scratch, options.QuietTime);
        return Printable(banner);
    }

    /// <summary>Starts event streaming.</summary>
    public static void Start(IEdvsLink link) => Send(link, "E+");

    /// <summary>Stops event streaming.</summary>
    public static void Stop(IEdvsLink link) => Send(link, "E-");

    private static void Send(IEdvsLink link, string command)
    {
        Span<byte> line = stackalloc byte[command.Length + 1];
        Encoding.ASCII.GetBytes(command, line);
        line[^1] = (byte)'\n';
        link.Write(line);
    }

    private static string ReadBanner(IEdvsLink link, byte[] scratch, EdvsOptions options)
    {
        var clock = Stopwatch.StartNew();
        var length = 0;
        while (length < scratch.Length && clock.Elapsed < options.ResetTimeout)
        {
            var n = link.ReadWithin(scratch.AsSpan(length), options.QuietTime);
            if (n == 0 && length > 0 && Encoding.ASCII.GetString(scratch, 0, length).Contains("EDVS", StringComparison.OrdinalIgnoreCase))
            {
                break; // the banner was seen and the board went quiet
            }
            length += n;
        }
        return Encoding.ASCII.GetString(scratch, 0, length);
    }

    private static void Drain(IEdvsLink link, byte[] scratch, TimeSpan quiet)
    {
        var clock = Stopwatch.StartNew();
        while (link.ReadWithin(scratch, quiet) > 0 && clock.Elapsed < TimeSpan.FromSeconds(2))
        {
        }
    }

    private static string Printable(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var printable = c is > ' ' and < (char)127;
            if (printable)
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != ' ')
            {
                builder.Append(' ');
            }
        }
        return builder.ToString().TrimEnd();
    }
}
