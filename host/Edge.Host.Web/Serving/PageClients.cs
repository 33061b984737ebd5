using System.Threading.Channels;

namespace Edge.Host.Web.Serving;

/// <summary>
/// The browsers reading the event stream, each with a queue of at most a few messages: a message
/// that does not fit in a browser's queue (it reads too slowly, or not at all) is dropped for that
/// browser and counted, so a stalled browser costs neither memory nor the learner's time.
/// </summary>
internal sealed class PageClients(int maxClients, int queue)
{
    private readonly Lock _gate = new();
    private readonly List<Channel<byte[]>> _clients = [];
    private long _dropped;

    /// <summary>Messages dropped for browsers that lagged, since the page started.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Browsers connected now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _clients.Count;
            }
        }
    }

    /// <summary>A new browser's queue, or null when <c>maxClients</c> are connected already.</summary>
    public Channel<byte[]>? Join()
    {
        var channel = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(queue)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        lock (_gate)
        {
            if (_clients.Count >= maxClients)
            {
                return null;
            }
            _clients.Add(channel);
        }
        return channel;
    }

    /// <summary>The browser has gone.</summary>
    public void Leave(Channel<byte[]> client)
    {
        lock (_gate)
        {
            _clients.Remove(client);
        }
    }

    /// <summary>Offers <paramref name="message"/> to every browser; each one whose queue is full drops it.</summary>
    public void Send(byte[] message)
    {
        lock (_gate)
        {
            foreach (var client in _clients)
            {
                if (!client.Writer.TryWrite(message))
                {
                    Interlocked.Increment(ref _dropped);
                }
            }
        }
    }

    /// <summary>Ends every browser's stream (the page is closing).</summary>
    public void Close()
    {
        lock (_gate)
        {
            foreach (var client in _clients)
            {
                client.Writer.TryComplete();
            }
        }
    }
}
