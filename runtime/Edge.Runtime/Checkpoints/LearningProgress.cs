namespace Edge.Runtime.Checkpoints;

/// <summary>
/// Counters of an online learner's life, saved with its state so a resumed run carries on counting
/// (what <c>edge run</c> reports: samples, accuracy, steps, events, time).
/// </summary>
/// <param name="Samples">Labelled samples seen (each tested, then trained on).</param>
/// <param name="Correct">Samples predicted correctly before training on them.</param>
/// <param name="Steps">Network time steps run.</param>
/// <param name="Events">Events binned into frames.</param>
/// <param name="EventsDropped">Events the source dropped because learning fell behind.</param>
/// <param name="Seconds">Wall-clock seconds of learning.</param>
/// <param name="Runs">Runs that have saved this checkpoint (1 after the first run).</param>
public readonly record struct LearningProgress(
    long Samples = 0,
    long Correct = 0,
    long Steps = 0,
    long Events = 0,
    long EventsDropped = 0,
    double Seconds = 0,
    int Runs = 0)
{
    /// <summary>Fraction of samples predicted correctly (0 before the first sample).</summary>
    public double Accuracy => Samples == 0 ? 0 : Correct / (double)Samples;
}
