using System.Net;

namespace Edge.Host.Web.Tests;

public sealed class PageOptionsTests
{
    [Theory]
    [InlineData("8080", "127.0.0.1", 8080)]
    [InlineData("127.0.0.1:0", "127.0.0.1", 0)]
    [InlineData("localhost:9000", "127.0.0.1", 9000)]
    [InlineData("[::1]:9001", "::1", 9001)]
    public void Loopback_addresses_need_no_token(string text, string address, int port)
    {
        var options = PageOptions.Parse(text, token: null);
        Assert.Equal(IPAddress.Parse(address), options.Address);
        Assert.Equal(port, options.Port);
        Assert.True(options.IsLoopback);
    }

    [Theory]
    [InlineData("0.0.0.0:8080")]
    [InlineData("[::]:8080")]
    [InlineData("192.0.2.7:8080")]
    public void Other_addresses_are_refused_without_a_token_and_taken_with_one(string text)
    {
        var refused = Assert.Throws<UserInputException>(() => PageOptions.Parse(text, token: null));
        Assert.Contains("needs a token", refused.Message, StringComparison.Ordinal);
        Assert.Contains("EDGE_HTTP_TOKEN", refused.Message, StringComparison.Ordinal);
        Assert.False(PageOptions.Parse(text, token: "s3cret").IsLoopback);
    }

    [Theory]
    [InlineData("")]
    [InlineData("http")]
    [InlineData("127.0.0.1:70000")]
    [InlineData("127.0.0.1:-1")]
    [InlineData("board.local:8080")]
    public void Bad_settings_are_one_line_errors(string text)
    {
        var error = Assert.Throws<UserInputException>(() => PageOptions.Parse(text, token: null));
        Assert.StartsWith("--http '", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void The_url_has_the_bound_port()
    {
        Assert.Equal("http://127.0.0.1:43210/", PageOptions.Parse("127.0.0.1:0", null).UrlFor(43210));
        Assert.Equal("http://[::1]:8080/", PageOptions.Parse("[::1]:8080", null).Url);
    }
}
