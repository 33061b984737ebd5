using System.Net;
using System.Net.Sockets;
using Edge.Host.Runs;
using Edge.Host.Web.Tests.Support;

namespace Edge.Host.Web.Tests;

/// <summary>The page's server inside a run: a port in use is one clear line, and the run opens nothing.</summary>
public sealed class PageServerTests
{
    [Fact]
    public void A_port_in_use_is_a_one_line_error_when_the_run_opens()
    {
        using var folder = new TempFolder();
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var page = new LivePage(PageOptions.Parse($"127.0.0.1:{port}", token: null));

        var error = Assert.Throws<UserInputException>(() => OnlineRun.Open(new RunOptions
        {
            Source = "sim:bar-right@1s,bar-left@1s",
            Network = TinyNetwork.WriteSpec(folder.Path),
            Extensions = [page],
        }));
        Assert.StartsWith($"--http http://127.0.0.1:{port}/: cannot listen there: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Null(page.Url);
        page.Dispose();
    }
}
