namespace Edge.Runtime.Online;

/// <summary>
/// Looks at every network step of the sample loop as it happens (a live view of spikes): called on
/// the loop's thread after each step, with the step's input; the layers' outputs are the network's.
/// Keep it short and allocation-free: copy what you need and hand it to another thread.
/// </summary>
public interface IStepProbe
{
    /// <summary>Step <paramref name="t"/> of the current sample ran on <paramref name="input"/> ([B, frame]).</summary>
    void AfterStep(int t, ReadOnlySpan<float> input);
}
