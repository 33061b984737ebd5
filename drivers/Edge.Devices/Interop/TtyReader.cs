using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Microsoft.Win32.SafeHandles;

namespace Edge.Devices.Interop;

/// <summary>
/// Reads a Linux tty through its own descriptor with <c>poll</c> + <c>read</c>: allocation-free
/// and stoppable. System.IO.Ports' SerialStream on Unix allocates a request object per Read (its
/// IO loop), so a live camera reads here while <see cref="System.IO.Ports.SerialPort"/> still
/// opens, configures (baud incl. termios2 rates, flow control) and writes the same line.
/// </summary>
/// <remarks>
/// Open it before the SerialPort: System.IO.Ports takes the tty exclusively (TIOCEXCL), which
/// refuses later opens by anyone but root. Termios settings belong to the tty, not to a
/// descriptor, so this reader sees the line exactly as the SerialPort configured it.
/// </remarks>
[SupportedOSPlatform("linux")]
internal sealed partial class TtyReader : IDisposable
{
    private const int O_RDONLY = 0;
    private const int O_NONBLOCK = 0x800;
    private const int O_NOCTTY = 0x100;
    private const int O_CLOEXEC = 0x80000;
    private const short POLLIN = 0x1;
    private const int EINTR = 4;
    private const int EAGAIN = 11;
    private static readonly TimeSpan PollSlice = TimeSpan.FromMilliseconds(100);

    private readonly SafeFileHandle _handle;
    private volatile bool _disposed;

    /// <summary>Opens <paramref name="device"/> for reading (no controlling terminal, non-blocking).</summary>
    /// <exception cref="IOException">The device cannot be opened (errno in the message).</exception>
    public TtyReader(string device)
    {
        var fd = open(device, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw errno switch
            {
                2 => new FileNotFoundException($"no such device: {device}", device),
                13 => new UnauthorizedAccessException($"permission denied: {device}"),
                _ => new IOException($"cannot open {device}: {Marshal.GetPInvokeErrorMessage(errno)}"),
            };
        }
        _handle = new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>Blocks until bytes arrive and reads them; 0 once disposed.</summary>
    public int Read(Span<byte> buffer)
    {
        while (!_disposed)
        {
            var n = ReadWithin(buffer, PollSlice);
            if (n > 0)
            {
                return n;
            }
        }
        return 0;
    }

    /// <summary>Waits at most <paramref name="timeout"/> for bytes; 0 when none came.</summary>
    /// <exception cref="IOException">The line failed (device unplugged).</exception>
    public int ReadWithin(Span<byte> buffer, TimeSpan timeout)
    {
        if (buffer.IsEmpty || _disposed)
        {
            return 0;
        }
        var added = false;
        try
        {
            // Keeps the descriptor open (and its number ours) while a call uses it.
            _handle.DangerousAddRef(ref added);
            var fd = (int)_handle.DangerousGetHandle();
            var request = new PollFd { Fd = fd, Events = POLLIN };
            var ready = poll(ref request, 1, (int)Math.Ceiling(timeout.TotalMilliseconds));
            if (ready == 0 || (ready < 0 && Marshal.GetLastPInvokeError() == EINTR))
            {
                return 0;
            }
            if (ready < 0)
            {
                throw LastError("poll");
            }
            var n = read(fd, ref MemoryMarshal.GetReference(buffer), buffer.Length);
            if (n > 0)
            {
                return (int)n;
            }
            if (n < 0 && Marshal.GetLastPInvokeError() is EAGAIN or EINTR)
            {
                return 0;
            }
            // Readable but nothing to read: the tty hung up (USB adapter unplugged).
            throw n == 0 ? new IOException("the serial line hung up") : LastError("read");
        }
        catch (ObjectDisposedException) when (_disposed)
        {
            return 0;
        }
        finally
        {
            if (added)
            {
                _handle.DangerousRelease();
            }
        }
    }

    /// <summary>Closes the descriptor once no call uses it; a blocked <see cref="Read"/> returns 0 within 100 ms.</summary>
    public void Dispose()
    {
        _disposed = true;
        _handle.Dispose();
    }

    private static IOException LastError(string call) =>
        new($"{call} failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int poll(ref PollFd fds, nuint count, int timeoutMs);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint read(int fd, ref byte buffer, nint count);
}
