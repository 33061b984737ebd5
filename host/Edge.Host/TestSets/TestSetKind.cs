using Edge.Drivers.Datasets;

namespace Edge.Host.TestSets;

/// <summary>The realistic test sets the project makes itself (docs/test-sets.md).</summary>
public enum TestSetKind
{
    /// <summary>Real handwritten digits (MNIST) seen by the simulated camera making N-MNIST's saccades, in the N-MNIST layout.</summary>
    NmnistDigits,

    /// <summary>The simulated camera's hand-gesture scenes by varied users, in the DVS Gesture layout.</summary>
    Gestures,

    /// <summary>Spoken digits (espeak-ng) through the simulated cochlea, in the SHD layout.</summary>
    SpokenDigits,
}

/// <summary>Command-line names of the test sets and the dataset layout each is written in.</summary>
public static class TestSetNames
{
    /// <summary>Every name, as the command line writes them.</summary>
    public static IReadOnlyList<string> All { get; } = ["nmnist-digits", "gestures", "spoken-digits"];

    /// <summary>The name of <paramref name="kind"/>.</summary>
    public static string Of(TestSetKind kind) => All[(int)kind];

    /// <summary>Parses a name; false when it is none of <see cref="All"/>.</summary>
    public static bool TryParse(string text, out TestSetKind kind)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (string.Equals(All[i], text, StringComparison.OrdinalIgnoreCase))
            {
                kind = (TestSetKind)i;
                return true;
            }
        }
        kind = default;
        return false;
    }

    /// <summary>The dataset layout <paramref name="kind"/> is written in (what <c>--dataset KIND:PATH</c> names).</summary>
    public static DatasetKind LayoutOf(TestSetKind kind) => kind switch
    {
        TestSetKind.NmnistDigits => DatasetKind.Nmnist,
        TestSetKind.Gestures => DatasetKind.Gesture,
        _ => DatasetKind.Shd,
    };
}
