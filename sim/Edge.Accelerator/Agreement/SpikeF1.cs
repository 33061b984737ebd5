namespace Edge.Accelerator.Agreement;

/// <summary>
/// Agreement of two spike trains of the same neurons, measured on spikes (silence agreeing with
/// silence counts for nothing): F1 = 2·both / (2·both + only-a + only-b). 1 when neither spikes.
/// </summary>
public sealed class SpikeF1
{
    /// <summary>Spikes in both.</summary>
    public long Both { get; private set; }

    /// <summary>Spikes only in the reference (the CPU runtime).</summary>
    public long OnlyReference { get; private set; }

    /// <summary>Spikes only in the other (the chip model).</summary>
    public long OnlyOther { get; private set; }

    /// <summary>Spikes of the reference.</summary>
    public long Reference => Both + OnlyReference;

    /// <summary>Spikes of the other.</summary>
    public long Other => Both + OnlyOther;

    /// <summary>Neuron-steps compared.</summary>
    public long Compared { get; private set; }

    /// <summary>The F1 score.</summary>
    public double Score => Both + OnlyReference + OnlyOther == 0 ? 1 : 2.0 * Both / ((2.0 * Both) + OnlyReference + OnlyOther);

    /// <summary>Adds one step of both layers (same layout; reference spikes are 0/1 floats).</summary>
    public void Add(ReadOnlySpan<float> reference, ReadOnlySpan<int> other)
    {
        if (reference.Length < other.Length)
        {
            throw new ArgumentException("the layers differ in size", nameof(reference));
        }
        long both = 0, onlyReference = 0, onlyOther = 0;
        for (var i = 0; i < other.Length; i++)
        {
            var a = reference[i] > 0;
            var b = other[i] > 0;
            both += a && b ? 1 : 0;
            onlyReference += a && !b ? 1 : 0;
            onlyOther += b && !a ? 1 : 0;
        }
        Both += both;
        OnlyReference += onlyReference;
        OnlyOther += onlyOther;
        Compared += other.Length;
    }
}
