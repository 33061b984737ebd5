namespace Edge.Drivers.Formats.Io;

/// <summary>Judges one fixed-size record while searching for the record boundary after damage.</summary>
internal interface IRecordCheck
{
    /// <summary>True when <paramref name="record"/> could follow the records accepted so far (and accepts it).</summary>
    bool Accept(ReadOnlySpan<byte> record);
}

/// <summary>
/// Finds where fixed-size records start again after damage that shifted them (inserted or lost
/// bytes): the smallest shift after which a run of consecutive records all look valid.
/// </summary>
internal static class RecordAlignment
{
    /// <summary>Consecutive valid records required to trust an alignment.</summary>
    public const int Run = 8;

    /// <summary>Largest time step between records of a plausible run (16.8 s).</summary>
    public const uint MaxStepUs = 1u << 24;

    /// <summary>True when <paramref name="ts"/> may follow <paramref name="previous"/> (null: the run's first record).</summary>
    public static bool Follows(uint ts, ref uint? previous)
    {
        if (previous is { } p && (ts < p || ts - p > MaxStepUs))
        {
            return false;
        }
        previous = ts;
        return true;
    }

    /// <summary>
    /// The smallest shift in <paramref name="minShift"/>…<paramref name="maxShift"/> such that
    /// <see cref="Run"/> records from there pass <paramref name="check"/> (a fresh copy per
    /// candidate), or -1.
    /// </summary>
    public static int Find<TCheck>(ReadOnlySpan<byte> bytes, int recordSize, int minShift, int maxShift, TCheck check)
        where TCheck : struct, IRecordCheck
    {
        for (var shift = minShift; shift <= maxShift && shift + (Run * recordSize) <= bytes.Length; shift++)
        {
            var candidate = check;
            var valid = true;
            for (var r = 0; r < Run && valid; r++)
            {
                valid = candidate.Accept(bytes.Slice(shift + (r * recordSize), recordSize));
            }
            if (valid)
            {
                return shift;
            }
        }
        return -1;
    }
}
