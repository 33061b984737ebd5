namespace Edge.Runtime.Learning;

/// <summary>The labels a learner's <see cref="Online.IStepLearner.BeginSample"/> takes: checked, then kept.</summary>
public static class SampleLabels
{
    /// <summary>Copies <paramref name="labels"/> into <paramref name="kept"/> after checking there is one per batch element and each is a class.</summary>
    /// <exception cref="ArgumentException">Not one label per batch element.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A label outside 0 … <paramref name="classes"/> − 1.</exception>
    public static void Keep(ReadOnlySpan<int> labels, Span<int> kept, int classes)
    {
        if (labels.Length != kept.Length)
        {
            throw new ArgumentException($"expected {kept.Length} labels (the batch size), got {labels.Length}", nameof(labels));
        }
        foreach (var label in labels)
        {
            if ((uint)label >= (uint)classes)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), $"label {label} is not a class of this network (0…{classes - 1})");
            }
        }
        labels.CopyTo(kept);
    }
}
