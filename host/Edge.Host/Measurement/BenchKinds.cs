namespace Edge.Host.Measurement;

/// <summary>Every benchmark kind <c>edge bench --kind</c> accepts.</summary>
internal static class BenchKinds
{
    public static IReadOnlyList<IBenchKind> All { get; } =
    [
        new NetworkBench(),
        new DecodeBench(),
        new SimBench(),
        new RealtimeBench(),
        new LearningBench(),
    ];
}
