using Edge.Host.TestSets;

namespace Edge.Host.Tests.TestSets;

/// <summary>
/// The three test sets made small (a recording or a few per class and split) at seed 7, each made
/// twice into its own temporary folder so tests can compare the copies; deleted afterwards.
/// </summary>
public sealed class SmallSets : IDisposable
{
    public const ulong Seed = 7;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "edge-testsets-" + Guid.NewGuid().ToString("N"));

    public SmallSets()
    {
        foreach (var kind in Enum.GetValues<TestSetKind>())
        {
            First[kind] = TestSetGenerator.Make(kind, Options(kind, "a"));
            Second[kind] = TestSetGenerator.Make(kind, Options(kind, "b"));
        }
    }

    /// <summary>The first copy of each set.</summary>
    public Dictionary<TestSetKind, TestSetSummary> First { get; } = [];

    /// <summary>The second copy, made with the same options.</summary>
    public Dictionary<TestSetKind, TestSetSummary> Second { get; } = [];

    /// <summary>Scale of each set: a recording or a few per class and split.</summary>
    public static double ScaleOf(TestSetKind kind) => kind switch
    {
        TestSetKind.NmnistDigits => 0.1,
        TestSetKind.Gestures => 0.01,
        _ => 0.05,
    };

    public TestSetOptions Options(TestSetKind kind, string copy, ulong seed = Seed) => new()
    {
        OutputFolder = Path.Combine(_root, TestSetNames.Of(kind) + "-" + copy),
        Seed = seed,
        Scale = ScaleOf(kind),
    };

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}

[CollectionDefinition("small-sets")]
public sealed class SmallSetsShared : ICollectionFixture<SmallSets>;
