using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Edge.Devices.Tests.Support;

/// <summary>
/// A Linux pseudo-terminal pair opened through libc (posix_openpt, grantpt, unlockpt, ptsname_r).
/// The code under test opens <see cref="SlavePath"/> as a serial port; the test plays the device
/// on <see cref="Master"/>. Termios ioctls on the master act on the slave, which lets a test read
/// back the line settings the serial code applied.
/// </summary>
internal sealed partial class PseudoTerminal : IDisposable
{
    private const int O_WRONLY = 1;
    private const int O_RDWR = 2;
    private const int O_NOCTTY = 0x100;
    private const uint TCGETS2 = 0x802C542A;
    private const int Termios2Size = 44;

    private readonly int _masterFd;

    public PseudoTerminal()
    {
        _masterFd = posix_openpt(O_RDWR | O_NOCTTY);
        if (_masterFd < 0 || grantpt(_masterFd) != 0 || unlockpt(_masterFd) != 0)
        {
            throw new InvalidOperationException($"cannot open a pseudo-terminal (errno {Marshal.GetLastPInvokeError()}); is /dev/ptmx available?");
        }
        var name = new byte[128];
        if (ptsname_r(_masterFd, name, name.Length) != 0)
        {
            throw new InvalidOperationException("ptsname_r failed");
        }
        SlavePath = Encoding.ASCII.GetString(name, 0, Array.IndexOf(name, (byte)0));
        Master = new FileStream(new SafeFileHandle(_masterFd, ownsHandle: true), FileAccess.ReadWrite, bufferSize: 0);
    }

    /// <summary>The device path the code under test opens (/dev/pts/N).</summary>
    public string SlavePath { get; }

    /// <summary>The device's side of the line.</summary>
    public FileStream Master { get; }

    /// <summary>The output baud rate currently set on the slave, read with TCGETS2 (termios2).</summary>
    public int SlaveOutputSpeed()
    {
        var termios2 = new byte[Termios2Size];
        if (ioctl(_masterFd, TCGETS2, termios2) != 0)
        {
            throw new InvalidOperationException($"TCGETS2 failed (errno {Marshal.GetLastPInvokeError()})");
        }
        return BitConverter.ToInt32(termios2, 40); // c_ospeed, after 4 flag words, c_line and c_cc[19], c_ispeed
    }

    /// <summary>Sends one byte from the host's side of the line (the slave), as a host write would, so a device reading the master wakes.</summary>
    public void PokeFromHost()
    {
        var fd = open(SlavePath, O_WRONLY | O_NOCTTY);
        if (fd < 0)
        {
            throw new InvalidOperationException($"cannot open {SlavePath} (errno {Marshal.GetLastPInvokeError()})");
        }
        using var slave = new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Write, bufferSize: 0);
        slave.Write("\n"u8);
    }

    public void Dispose() => Master.Dispose();

    [LibraryImport("libc", SetLastError = true)]
    private static partial int posix_openpt(int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int grantpt(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int unlockpt(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int ptsname_r(int fd, [Out] byte[] buffer, nint length);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int ioctl(int fd, nuint request, [Out] byte[] argument);
}
