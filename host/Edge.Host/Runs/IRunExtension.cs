using Edge.Host.Teaching;

namespace Edge.Host.Runs;

/// <summary>
/// A part that attaches to a run from outside the core loop — the live page, the fleet client:
/// it subscribes observers, starts its own threads, posts commands and asks for work between
/// windows (<see cref="OnlineRun.InvokeBetweenWindows{T}"/>). It is attached when the run opens
/// and disposed when the run is.
/// </summary>
public interface IRunExtension : IDisposable
{
    /// <summary>The label source this extension provides (<see cref="LabelSourceKind.Page"/>, <see cref="LabelSourceKind.Fleet"/>), or null.</summary>
    LabelSourceKind? Labels { get; }

    /// <summary>Attaches to <paramref name="run"/>, which has opened its source and built its network but not started.</summary>
    void Attach(OnlineRun run);
}
