using Edge.Runtime.Memory;

namespace Edge.Runtime.Learning.Rules;

/// <summary>
/// A fixed number of per-step copies of one buffer (a layer's input or membrane at every step of
/// a backward window), allocated once in the ledger as temporal state: this is the memory that
/// grows with the window length.
/// </summary>
internal sealed class StepHistory
{
    private readonly float[] _data;

    public StepHistory(int slots, int size, MemoryLedger ledger)
    {
        Slots = slots;
        Size = size;
        _data = ledger.Floats(MemoryCategory.TemporalState, checked(slots * size));
    }

    /// <summary>Steps held.</summary>
    public int Slots { get; }

    /// <summary>Values per step.</summary>
    public int Size { get; }

    /// <summary>The copy of step slot <paramref name="slot"/>.</summary>
    public Span<float> this[int slot] => _data.AsSpan(slot * Size, Size);

    /// <summary>Copies <paramref name="values"/> into slot <paramref name="slot"/>.</summary>
    public void Record(int slot, ReadOnlySpan<float> values) => values[..Size].CopyTo(this[slot]);
}
