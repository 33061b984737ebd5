namespace Edge.Host.Tests;

public sealed class HostInfoTests
{
    [Fact]
    public void Version_is_reported() => Assert.False(string.IsNullOrWhiteSpace(HostInfo.Version));
}
