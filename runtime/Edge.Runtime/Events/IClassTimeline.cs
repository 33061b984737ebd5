namespace Edge.Runtime.Events;

/// <summary>
/// What a source knows about the true class of its stream over time (a simulated camera shown
/// known scenes in turn): the class covering most of a stretch of time.
/// </summary>
public interface IClassTimeline
{
    /// <summary>The class names, in class order.</summary>
    IReadOnlyList<string> ClassNames { get; }

    /// <summary>The class that covers most of [<paramref name="startUs"/>, <paramref name="endUs"/>), or −1 when none is known.</summary>
    int ClassOf(long startUs, long endUs);
}
