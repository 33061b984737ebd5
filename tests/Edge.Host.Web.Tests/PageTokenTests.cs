using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using Edge.Cli.Tests.Run;
using Edge.Host.Web.Tests.Support;

namespace Edge.Host.Web.Tests;

/// <summary>
/// The token, as an operator sets it (EDGE_HTTP_TOKEN; never a command-line option): without it a
/// data request is 401, with it 200; the page's own files carry no data and need none. A page on an
/// address other than loopback without a token never starts: exit 2 before anything listens.
/// </summary>
public sealed class PageTokenTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Data_requests_need_the_token_when_one_is_set()
    {
        using var edge = EdgeProcess.Start(new Dictionary<string, string> { ["EDGE_HTTP_TOKEN"] = "s3cret-token" },
            "run", "--source", "sim:bar-right@1s,bar-left@1s", "--realtime", "--labels", "page", "--http", "127.0.0.1:0", "--json", "--duration", "60s");
        var url = new Uri(await StartedLine.Url(edge, HangGuard));
        using var http = new HttpClient { BaseAddress = url };

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri("/state", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Get(http, "/state", "Bearer wrong-token")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri("/events?token=wrong", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead)).StatusCode);
        using (var posted = new HttpRequestMessage(HttpMethod.Post, "/command") { Content = new StringContent("""{"command":"mode infer"}""", System.Text.Encoding.UTF8, "application/json") })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(posted)).StatusCode);
        }

        var state = await Get(http, "/state", "Bearer s3cret-token");
        Assert.Equal(HttpStatusCode.OK, state.StatusCode);
        Assert.Contains("\"controls\":true", await state.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var events = await http.GetAsync(new Uri("/events?token=s3cret-token", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, events.StatusCode);
        Assert.Equal("text/event-stream", events.Content.Headers.ContentType?.MediaType);

        Assert.DoesNotContain("s3cret-token", edge.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-token", edge.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_page_on_another_address_without_a_token_exits_2_before_anything_listens()
    {
        var port = FreePort();
        var (code, stdout, stderr) = EdgeProcess.Run(HangGuard, null, "run", "--source", "sim:", "--http", $"0.0.0.0:{port}", "--json");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("needs a token", line, StringComparison.Ordinal);
        Assert.Contains("http_token", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Labels_from_the_page_need_the_page()
    {
        var (code, stdout, stderr) = EdgeProcess.Run(HangGuard, null, "run", "--source", "sim:bar-right@1s,bar-left@1s", "--labels", "page", "--json");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.StartsWith("edge: --labels page: ", stderr, StringComparison.Ordinal);
        Assert.Contains("--http", stderr, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> Get(HttpClient http, string path, string authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        return await http.SendAsync(request);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
