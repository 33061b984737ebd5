namespace Edge.Host.Teaching;

/// <summary>
/// Reads teach commands from a text stream (standard input) on its own thread, one per line, into a
/// <see cref="CommandInbox"/>. The end of the stream ends the reading, not the run; the thread is a
/// background thread, so a process that ends does not wait for it.
/// </summary>
public sealed class StdinCommands
{
    private readonly TextReader _reader;
    private readonly CommandInbox _inbox;
    private readonly Thread _thread;

    /// <summary>Starts reading <paramref name="reader"/> (standard input when null).</summary>
    public StdinCommands(CommandInbox inbox, TextReader? reader = null)
    {
        ArgumentNullException.ThrowIfNull(inbox);
        _inbox = inbox;
        _reader = reader ?? Console.In;
        _thread = new Thread(Read) { IsBackground = true, Name = "edge-stdin-commands" };
        _thread.Start();
    }

    /// <summary>True once the stream has ended.</summary>
    public bool Ended { get; private set; }

    private void Read()
    {
        try
        {
            while (_reader.ReadLine() is { } line)
            {
                if (line.Trim().Length > 0)
                {
                    _inbox.Post(line, "stdin");
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // A closed or broken stdin ends the reading; the run goes on.
        }
        Ended = true;
    }
}
