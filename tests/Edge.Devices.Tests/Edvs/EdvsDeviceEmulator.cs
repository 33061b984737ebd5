using System.Collections.Concurrent;
using System.Text;

namespace Edge.Devices.Tests.Edvs;

/// <summary>
/// Plays an eDVS4337 on the far end of a byte stream (a pseudo-terminal master or a TCP
/// connection): echoes commands until <c>!U0</c>, prints a banner on <c>R</c>, records the
/// format and biases it was sent, streams a recording on <c>E+</c> and stops on <c>E-</c>.
/// </summary>
internal sealed class EdvsDeviceEmulator : IDisposable
{
    public const string BannerText = "\r\nEDVS-4337 (LPC4337 ARM Cortex-M4/M0) SW: 2.1.0\r\nnv: 0 1 2\r\n";

    private readonly Stream _line;
    private readonly byte[] _recording;
    private readonly int _chunk;
    private readonly bool _ignoreEchoOff;
    private readonly Thread _thread;
    private readonly Lock _writeGate = new();
    private volatile bool _streaming;
    private volatile bool _unplugged;
    private bool _echo = true;

    public EdvsDeviceEmulator(Stream line, byte[] recording, int chunk = 97, bool ignoreEchoOff = false, string banner = BannerText)
    {
        _line = line;
        _recording = recording;
        _chunk = chunk;
        _ignoreEchoOff = ignoreEchoOff;
        Banner = banner;
        _thread = new Thread(Run) { IsBackground = true, Name = "edvs-emulator" };
        _thread.Start();
    }

    public string Banner { get; }

    /// <summary>Every command line received, in order.</summary>
    public ConcurrentQueue<string> Commands { get; } = new();

    /// <summary>Set once the whole recording was written.</summary>
    public ManualResetEventSlim RecordingSent { get; } = new(false);

    /// <summary>Set when <c>E-</c> arrives after streaming started.</summary>
    public ManualResetEventSlim StopReceived { get; } = new(false);

    private void Run()
    {
        var buffer = new byte[256];
        var line = new StringBuilder();
        try
        {
            while (true)
            {
                var n = _line.Read(buffer);
                if (n == 0 || _unplugged)
                {
                    return;
                }
                for (var i = 0; i < n; i++)
                {
                    var c = (char)buffer[i];
                    if (c == '\n')
                    {
                        Handle(line.ToString().TrimEnd('\r'));
                        line.Clear();
                    }
                    else
                    {
                        line.Append(c);
                    }
                }
            }
        }
        catch (IOException)
        {
            // The host closed its end (pty hang-up or socket reset).
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void Handle(string command)
    {
        Commands.Enqueue(command);
        if (_echo)
        {
            Send(Encoding.ASCII.GetBytes(command + "\n"));
        }
        switch (command)
        {
            case "R":
                _echo = true;
                Send(Encoding.ASCII.GetBytes(Banner));
                break;
            case "!U0":
                _echo = _ignoreEchoOff;
                break;
            case "E+":
                _streaming = true;
                new Thread(Stream) { IsBackground = true, Name = "edvs-emulator-stream" }.Start();
                break;
            case "E-":
                if (_streaming)
                {
                    _streaming = false;
                    StopReceived.Set();
                }
                break;
        }
    }

    private void Stream()
    {
        try
        {
            for (var offset = 0; offset < _recording.Length && _streaming; offset += _chunk)
            {
                Send(_recording.AsSpan(offset, Math.Min(_chunk, _recording.Length - offset)));
            }
            RecordingSent.Set();
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void Send(ReadOnlySpan<byte> bytes)
    {
        lock (_writeGate)
        {
            _line.Write(bytes);
            _line.Flush();
        }
    }

    /// <summary>
    /// The board is pulled off the line: streaming stops and the command loop ends at the next byte
    /// the host sends (so the line can then really be closed, nothing reading it).
    /// </summary>
    public void Unplug()
    {
        _streaming = false;
        _unplugged = true;
    }

    /// <summary>Waits for the command loop to end (the host closed the line).</summary>
    public bool WaitForHangUp(TimeSpan timeout) => _thread.Join(timeout);

    public void Dispose()
    {
        _streaming = false;
        RecordingSent.Dispose();
        StopReceived.Dispose();
    }
}
