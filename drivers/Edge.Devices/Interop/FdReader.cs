using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Microsoft.Win32.SafeHandles;

namespace Edge.Devices.Interop;

/// <summary>
/// Reads a Linux file descriptor (a tty, a socket) with <c>poll</c> + <c>read</c>: allocation-free
/// and stoppable. System.IO.Ports' SerialStream allocates a request object per read on Unix (its
/// IO loop), and Socket.Receive allocates now and then; a live camera reads here instead, while
/// <see cref="System.IO.Ports.SerialPort"/> or the <see cref="System.Net.Sockets.Socket"/> still
/// opens, configures and writes.
/// </summary>
/// <remarks>
/// For a tty, open it with <see cref="OpenDevice"/> before the SerialPort: System.IO.Ports takes
/// the tty exclusively (TIOCEXCL), which refuses later opens by anyone but root. Termios settings
/// belong to the tty, not to a descriptor, so this reader sees the line as the SerialPort set it.
/// </remarks>
[SupportedOSPlatform("linux")]
internal sealed partial class FdReader : IDisposable
{
    private const int O_RDONLY = 0;
    private const int O_NONBLOCK = 0x800;
    private const int O_NOCTTY = 0x100;
    private const int O_CLOEXEC = 0x80000;
    private const short POLLIN = 0x1;
    private const int EINTR = 4;
    private const int EAGAIN = 11;
    private static readonly TimeSpan PollSlice = TimeSpan.FromMilliseconds(100);

    private readonly SafeHandle _handle;
    private readonly bool _ownsHandle;
    private volatile bool _disposed;

    /// <summary>Reads <paramref name="handle"/> (a connected socket, a pipe); the caller keeps owning it.</summary>
    public FdReader(SafeHandle handle)
        : this(handle, ownsHandle: false)
    {
    }

    private FdReader(SafeHandle handle, bool ownsHandle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        _handle = handle;
        _ownsHandle = ownsHandle;
    }

    /// <summary>Opens <paramref name="device"/> for reading (no controlling terminal, non-blocking).</summary>
    /// <exception cref="IOException">The device cannot be opened (errno in the message).</exception>
    public static FdReader OpenDevice(string device)
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
        return new FdReader(new SafeFileHandle(fd, ownsHandle: true), ownsHandle: true);
    }

    /// <summary>Blocks until bytes arrive and reads them; 0 at the end of the stream or once disposed.</summary>
    public int Read(Span<byte> buffer)
    {
        while (!_disposed)
        {
            var n = ReadWithin(buffer, PollSlice);
            if (n != 0)
            {
                return Math.Max(n, 0);
            }
        }
        return 0;
    }

    /// <summary>
    /// Waits at most <paramref name="timeout"/> for bytes: the count read, 0 when none came, −1 at
    /// the end of the stream (a closed socket, a hung-up tty).
    /// </summary>
    /// <exception cref="IOException">The read failed.</exception>
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
            if (n == 0)
            {
                return -1;
            }
            return Marshal.GetLastPInvokeError() is EAGAIN or EINTR ? 0 : throw LastError("read");
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

    /// <summary>Stops reading; a blocked <see cref="Read"/> returns 0 within 100 ms. Closes the descriptor it opened.</summary>
    public void Dispose()
    {
        _disposed = true;
        if (_ownsHandle)
        {
            _handle.Dispose();
        }
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
