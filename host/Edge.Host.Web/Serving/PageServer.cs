using System.Globalization;
using System.Net;
using System.Text.Json;
using Edge.Host.Runs;
using Edge.Host.Teaching;
using Edge.Host.Web.Feed;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.Host.Web.Serving;

/// <summary>
/// Kestrel inside the run's process, on the thread pool: the page's files, its event stream
/// (<c>/events</c>, server-sent events), the run's state (<c>/state</c>), teach commands
/// (<c>POST /command</c>) and the raster's layer (<c>POST /raster?layer=N</c>). One request
/// handler, no reflection-based routing.
/// </summary>
internal sealed class PageServer : IDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);
    private readonly WebApplication _app;
    private readonly OnlineRun _run;
    private readonly PageFeed _feed;
    private readonly PageClients _clients;
    private readonly PageToken _token;
    private readonly PageOptions _options;
    private readonly bool _controls;

    private PageServer(WebApplication app, OnlineRun run, PageFeed feed, PageClients clients, PageOptions options)
    {
        _app = app;
        _run = run;
        _feed = feed;
        _clients = clients;
        _options = options;
        _token = new PageToken(options.Token);
        _controls = run.Labels.Kind == LabelSourceKind.Page;
    }

    /// <summary>The URL the page is served at (with the port the system picked for port 0).</summary>
    public string Url { get; private set; } = "";

    /// <summary>Starts listening.</summary>
    /// <exception cref="UserInputException">The address cannot be bound (in use, not this machine's).</exception>
    public static PageServer Start(PageOptions options, OnlineRun run, PageFeed feed, PageClients clients)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "edge-page" });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 4096; // a command is one short line
            kestrel.Limits.MaxConcurrentConnections = 64;
            kestrel.Listen(options.Address, options.Port);
        });
        var app = builder.Build();
        var server = new PageServer(app, run, feed, clients, options);
        app.Run(server.Handle);
        try
        {
            app.StartAsync().GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            ((IDisposable)app).Dispose();
            throw new UserInputException($"--http {options.Url}: cannot listen there: {ex.Message}", ex);
        }
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var port = options.Port;
        foreach (var address in bound ?? [])
        {
            port = new Uri(address).Port;
        }
        server.Url = options.UrlFor(port);
        return server;
    }

    /// <summary>Stops listening (open event streams end; waits at most two seconds for them).</summary>
    public void Dispose()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            _app.StopAsync(timeout.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            // a browser that does not let go is cut off
        }
        ((IDisposable)_app).Dispose();
    }

    private async Task Handle(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "no-store";
        if (!HostAllowed(request))
        {
            await Plain(response, StatusCodes.Status421MisdirectedRequest, "this page answers to its loopback address only").ConfigureAwait(false);
            return;
        }
        var path = request.Path.Value ?? "/";
        switch (path)
        {
            case "/events" when HttpMethods.IsGet(request.Method):
                if (await Authorized(context, queryAllowed: true).ConfigureAwait(false))
                {
                    await Events(context).ConfigureAwait(false);
                }
                return;
            case "/state" when HttpMethods.IsGet(request.Method):
                if (await Authorized(context, queryAllowed: false).ConfigureAwait(false))
                {
                    response.ContentType = "application/json";
                    await response.Body.WriteAsync(PageMessages.State(_run, _feed, _controls), context.RequestAborted).ConfigureAwait(false);
                }
                return;
            case "/command" when HttpMethods.IsPost(request.Method):
                if (await Authorized(context, queryAllowed: false).ConfigureAwait(false) && await SameOrigin(context).ConfigureAwait(false))
                {
                    await Command(context).ConfigureAwait(false);
                }
                return;
            case "/raster" when HttpMethods.IsPost(request.Method):
                if (await Authorized(context, queryAllowed: false).ConfigureAwait(false) && await SameOrigin(context).ConfigureAwait(false))
                {
                    await Raster(context).ConfigureAwait(false);
                }
                return;
        }
        if (HttpMethods.IsGet(request.Method) && PageFiles.TryGet(path, out var bytes, out var type))
        {
            response.ContentType = type;
            response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";
            await response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
            return;
        }
        await Plain(response, StatusCodes.Status404NotFound, "no such page").ConfigureAwait(false);
    }

    /// <summary>
    /// The event stream: the state first, then every message the publisher offers this browser,
    /// until the browser or the page goes away.
    /// </summary>
    private async Task Events(HttpContext context)
    {
        var client = _clients.Join();
        if (client is null)
        {
            await Plain(context.Response, StatusCodes.Status503ServiceUnavailable, "too many browsers on this page").ConfigureAwait(false);
            return;
        }
        try
        {
            var response = context.Response;
            response.ContentType = "text/event-stream";
            var aborted = context.RequestAborted;
            byte[] hello;
            using (var messages = new PageMessages())
            {
                hello = messages.Hello(_run, _feed, _controls);
            }
            await response.Body.WriteAsync(hello, aborted).ConfigureAwait(false);
            await response.Body.FlushAsync(aborted).ConfigureAwait(false);
            while (await client.Reader.WaitToReadAsync(aborted).ConfigureAwait(false))
            {
                while (client.Reader.TryRead(out var message))
                {
                    await response.Body.WriteAsync(message, aborted).ConfigureAwait(false);
                }
                await response.Body.FlushAsync(aborted).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // the browser went away
        }
        finally
        {
            _clients.Leave(client);
        }
    }

    private async Task Command(HttpContext context)
    {
        var response = context.Response;
        if (!_controls)
        {
            await Plain(response, StatusCodes.Status403Forbidden,
                $"this run's labels come from {_run.Labels}: start it with --labels page to teach from the page").ConfigureAwait(false);
            return;
        }
        CommandRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(context.Request.Body, PageJson.Default.CommandRequest, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            await Plain(response, StatusCodes.Status400BadRequest, "the body must be JSON {\"command\": \"label NAME\"}: " + ex.Message).ConfigureAwait(false);
            return;
        }
        if (string.IsNullOrWhiteSpace(body?.Command) || body.Command.Length > 200)
        {
            await Plain(response, StatusCodes.Status400BadRequest, "the body must be JSON {\"command\": \"label NAME\"} with a command of at most 200 characters").ConfigureAwait(false);
            return;
        }
        CommandResult result;
        try
        {
            result = await _run.Post(body.Command, "page").WaitAsync(CommandTimeout, context.RequestAborted).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await Plain(response, StatusCodes.Status503ServiceUnavailable, "the run did not take the command (it has ended?)").ConfigureAwait(false);
            return;
        }
        response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(response.Body, result, PageJson.Default.CommandResult, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task Raster(HttpContext context)
    {
        var text = context.Request.Query["layer"].ToString();
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var layer) || layer >= _feed.Layers.Length)
        {
            await Plain(context.Response, StatusCodes.Status400BadRequest,
                string.Create(CultureInfo.InvariantCulture, $"layer must be 0 to {_feed.Layers.Length - 1}")).ConfigureAwait(false);
            return;
        }
        _feed.Capturer.RasterLayer = layer;
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private async Task<bool> Authorized(HttpContext context, bool queryAllowed)
    {
        if (_token.Admits(context.Request, queryAllowed))
        {
            return true;
        }
        context.Response.Headers.WWWAuthenticate = "Bearer";
        await Plain(context.Response, StatusCodes.Status401Unauthorized, "this page needs its token: Authorization: Bearer TOKEN" +
            (queryAllowed ? " or ?token=TOKEN" : "")).ConfigureAwait(false);
        return false;
    }

    /// <summary>A browser sends Origin on a cross-site POST: only the page's own origin may change the run.</summary>
    private static async Task<bool> SameOrigin(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0 || (Uri.TryCreate(origin, UriKind.Absolute, out var uri) && string.Equals(uri.Authority, context.Request.Host.Value, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }
        await Plain(context.Response, StatusCodes.Status403Forbidden, "commands come from the page's own origin only").ConfigureAwait(false);
        return false;
    }

    /// <summary>
    /// Without a token a loopback page answers only to loopback host names, so a web site cannot
    /// reach it by pointing its own name at 127.0.0.1 (DNS rebinding).
    /// </summary>
    private bool HostAllowed(HttpRequest request)
    {
        if (_options.Token is not null)
        {
            return true;
        }
        var host = request.Host.Host;
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }

    private static Task Plain(HttpResponse response, int status, string message)
    {
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        return response.WriteAsync(message + "\n");
    }
}
