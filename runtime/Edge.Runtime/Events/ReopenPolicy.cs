namespace Edge.Runtime.Events;

/// <summary>
/// How a live source that was lost is opened again (<see cref="BackgroundEventSource"/>): the first
/// attempt after <see cref="FirstDelay"/>, each failed attempt doubling the wait up to
/// <see cref="MaxDelay"/>, for as long as the consumer keeps reading — a board in the field waits
/// for its camera to come back rather than give up.
/// </summary>
public sealed record ReopenPolicy
{
    /// <summary>The defaults: 0.5 s, doubling to at most 30 s.</summary>
    public static ReopenPolicy Default { get; } = new();

    /// <summary>Wait before the first attempt.</summary>
    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromSeconds(0.5);

    /// <summary>Longest wait between two attempts.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The wait after <paramref name="delay"/> failed once more.</summary>
    internal TimeSpan Next(TimeSpan delay) => delay * 2 < MaxDelay ? delay * 2 : MaxDelay;
}
