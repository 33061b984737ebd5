namespace Edge.Host.TestSets;

/// <summary>Makes any of the test sets.</summary>
public static class TestSetGenerator
{
    /// <summary>Makes the set <paramref name="kind"/> as <paramref name="options"/> say; <paramref name="progress"/> gets the fraction done.</summary>
    public static TestSetSummary Make(TestSetKind kind, TestSetOptions options, IProgress<double>? progress = null) => kind switch
    {
        TestSetKind.NmnistDigits => NmnistDigitsSet.Make(options, progress),
        TestSetKind.Gestures => GestureSet.Make(options, progress),
        _ => SpokenDigitsSet.Make(options, progress),
    };
}
