namespace Edge.Host.Web.Feed;

/// <summary>
/// The last few objects one thread produced (metrics rows, command results), for another thread to
/// read in order: adding stores a reference in a fixed array and allocates nothing; a reader that
/// fell more than the capacity behind skips what was overwritten.
/// </summary>
internal sealed class ReferenceRing<T>(int capacity) where T : class
{
    private readonly T?[] _items = new T?[capacity];
    private long _written;

    /// <summary>Items added so far.</summary>
    public long Written => Volatile.Read(ref _written);

    /// <summary>Adds <paramref name="item"/> (one writer thread).</summary>
    public void Add(T item)
    {
        var n = _written;
        Volatile.Write(ref _items[n % _items.Length], item);
        Volatile.Write(ref _written, n + 1);
    }

    /// <summary>Item number <paramref name="index"/>, or null when it was overwritten or not yet written.</summary>
    public T? Get(long index)
    {
        var item = Volatile.Read(ref _items[index % _items.Length]);
        var written = Written;
        return index < written && written - index <= _items.Length ? item : null;
    }
}
