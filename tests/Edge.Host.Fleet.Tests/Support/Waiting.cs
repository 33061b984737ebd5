using System.Diagnostics;

namespace Edge.Host.Fleet.Tests.Support;

/// <summary>Polls a condition (a hang guard, not a timing assertion).</summary>
internal static class Waiting
{
    public static void Until(Func<bool> condition, TimeSpan guard, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < guard, $"waited {guard.TotalSeconds:0} s for {what}");
            Thread.Sleep(20);
        }
    }
}
