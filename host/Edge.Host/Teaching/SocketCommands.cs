using System.Net.Sockets;
using System.Text;

namespace Edge.Host.Teaching;

/// <summary>
/// Takes teach commands on a Unix domain socket (<c>--labels socket:PATH</c>): any number of
/// clients connect and write one command per line; each gets back the command's JSON result line.
/// The socket file is created at start (an existing one is replaced) and removed at the end.
/// </summary>
public sealed class SocketCommands : IDisposable
{
    private readonly Socket _listener;
    private readonly CommandInbox _inbox;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    /// <summary>Listens on <paramref name="path"/>.</summary>
    /// <exception cref="UserInputException">The socket cannot be created there.</exception>
    public SocketCommands(string path, CommandInbox inbox)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(inbox);
        Path = path;
        _inbox = inbox;
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            if (File.Exists(path))
            {
                File.Delete(path);
            }
            _listener.Bind(new UnixDomainSocketEndPoint(path));
            _listener.Listen(8);
        }
        catch (Exception ex) when (ex is SocketException or IOException or UnauthorizedAccessException)
        {
            _listener.Dispose();
            throw new UserInputException($"labels socket:{path}: cannot listen there ({ex.Message.TrimEnd('.')})", ex);
        }
        _accepting = Task.Run(AcceptAsync);
    }

    /// <summary>The socket's path.</summary>
    public string Path { get; }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using (client)
        using (var stream = new NetworkStream(client, ownsSocket: false))
        using (var reader = new StreamReader(stream, Encoding.UTF8))
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true })
        {
            try
            {
                while (!_stop.IsCancellationRequested && await reader.ReadLineAsync(_stop.Token).ConfigureAwait(false) is { } line)
                {
                    if (line.Trim().Length == 0)
                    {
                        continue;
                    }
                    var result = await _inbox.Post(line, "socket").WaitAsync(_stop.Token).ConfigureAwait(false);
                    await writer.WriteAsync(CommandLines.Format(result)).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
                // The client went away, or the run ended.
            }
        }
    }

    /// <summary>Stops listening and removes the socket file.</summary>
    public void Dispose()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }
        _stop.Cancel();
        _listener.Dispose();
        try
        {
            _accepting.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // Accepting ended with the listener.
        }
        try
        {
            File.Delete(Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort.
        }
        _stop.Dispose();
    }
}
