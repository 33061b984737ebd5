using PuppeteerSharp;

namespace Edge.Host.Web.Tests.Support;

/// <summary>
/// Debian's chromium (installed by scripts/install-test-deps.sh), started headless by PuppeteerSharp
/// with a fresh profile; nothing downloads a browser. A missing browser fails the test with what to install.
/// </summary>
internal static class Chromium
{
    public static string Path
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("EDGE_CHROMIUM") ?? "/usr/bin/chromium";
            return File.Exists(path)
                ? path
                : throw new InvalidOperationException($"no browser at {path}: run scripts/install-test-deps.sh (Debian's chromium) or set EDGE_CHROMIUM");
        }
    }

    public static Task<IBrowser> Launch(string profile) => Puppeteer.LaunchAsync(new LaunchOptions
    {
        ExecutablePath = Path,
        Headless = true,
        UserDataDir = profile,
        Args =
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--no-first-run", "--disable-sync", "--disable-dev-shm-usage",
        ],
        Timeout = 60_000,
    });
}
