using Edge.Host.Web.Serving;

namespace Edge.Host.Web.Tests;

/// <summary>A browser that stops reading costs a bounded queue, and what does not fit is dropped and counted.</summary>
public sealed class PageClientsTests
{
    [Fact]
    public void A_stalled_browser_has_messages_dropped_and_counted_while_a_reading_one_gets_them_all()
    {
        var clients = new PageClients(maxClients: 4, queue: 8);
        var stalled = clients.Join()!;
        var reading = clients.Join()!;
        var received = 0;
        for (var i = 0; i < 100; i++)
        {
            clients.Send([(byte)i]);
            while (reading.Reader.TryRead(out _))
            {
                received++;
            }
        }
        Assert.Equal(100, received);
        Assert.Equal(92, clients.Dropped);
        Assert.Equal(8, stalled.Reader.Count);
    }

    [Fact]
    public void Browsers_beyond_the_limit_are_refused_until_one_leaves()
    {
        var clients = new PageClients(maxClients: 2, queue: 4);
        var first = clients.Join()!;
        Assert.NotNull(clients.Join());
        Assert.Null(clients.Join());
        clients.Leave(first);
        Assert.NotNull(clients.Join());
        Assert.Equal(2, clients.Count);
    }
}
