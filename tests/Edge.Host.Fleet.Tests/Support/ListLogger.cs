using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Edge.Host.Fleet.Tests.Support;

/// <summary>A logger that keeps every line (level and text), for tests that count warnings.</summary>
internal sealed class ListLogger : ILogger
{
    public ConcurrentQueue<(LogLevel Level, string Text)> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue((logLevel, formatter(state, exception)));

    public int Count(LogLevel level, string containing) => Lines.Count(l => l.Level == level && l.Text.Contains(containing, StringComparison.Ordinal));
}
