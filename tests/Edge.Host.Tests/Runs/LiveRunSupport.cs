using Edge.Host.Sources;

namespace Edge.Host.Tests.Runs;

/// <summary>What the run tests share: a small network on 32×32 event frames, and a registry with one extra source.</summary>
internal static class LiveRunSupport
{
    /// <summary>Writes a small spec (2 classes, T = 5) for 32×32 frames into <paramref name="folder"/>.</summary>
    public static string Network(string folder)
    {
        var path = Path.Combine(folder, "live.json");
        File.WriteAllText(path, """
            {
              "name": "live-tiny", "input_shape": [2, 32, 32], "classes": 2, "time_steps": 5, "learn_steps": 2,
              "psi": "triangle-0.3", "leak": 0, "threshold": 0.6, "optimizer": { "type": "adam", "lr": 0.001 },
              "layers": [
                { "type": "avgpool2d", "kernel": 4 },
                { "type": "flatten" },
                { "type": "linear", "in_features": 128, "out_features": 16 },
                { "type": "readout-linear", "in_features": 16, "out_features": 2 }
              ]
            }
            """);
        return path;
    }

    /// <summary>The built-in sources and <paramref name="extra"/>.</summary>
    public static SourceRegistry With(ISourceProvider extra) => new SourceRegistry()
        .Add(new Sources.Providers.EvtSourceProvider())
        .Add(extra);

    /// <summary>A provider whose opened sources the test keeps, to read their counters after the run.</summary>
    public sealed class Provider(string scheme, Func<SourceUri, SourceOptions, OpenedSource> open) : ISourceProvider
    {
        public string Scheme => scheme;

        public string Usage => scheme + ": — a test source";

        public IReadOnlyCollection<string> Parameters { get; } = [];

        public List<OpenedSource> Opened { get; } = [];

        public OpenedSource Open(SourceUri uri, SourceOptions options)
        {
            var opened = open(uri, options);
            Opened.Add(opened);
            return opened;
        }
    }
}
