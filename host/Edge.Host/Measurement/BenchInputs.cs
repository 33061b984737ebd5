using Edge.Drivers.Formats;
using Edge.Runtime;
using Edge.Runtime.Events;
using Edge.Runtime.Specs;
using Edge.Sim.Tasks;

namespace Edge.Host.Measurement;

/// <summary>
/// What a network row is fed: seeded Bernoulli spikes (the peer harness's protocol), the simulated
/// camera's motion or gesture tasks binned into 10 ms frames at the network's input size, or the
/// real N-MNIST sample recording framed as the N-MNIST preset does (10 ms bins at 34 × 34). Frames
/// are made before anything is timed; a sample is T frames one after the other.
/// </summary>
internal static class BenchInputs
{
    /// <summary>The input kinds, as <c>--input</c> and the rows' <c>input</c> key name them.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["bernoulli", "motion", "gestures", "nmnist-sample"];

    private const long BinUs = 10_000;

    /// <summary>
    /// <paramref name="count"/> samples of <paramref name="kind"/> for <paramref name="spec"/>, with
    /// their labels, or null when the kind cannot feed this network (a reason is given).
    /// </summary>
    public static (float[][] Frames, int[] Labels)? Make(string kind, NetworkSpec spec, int count, int seed, out string? reason)
    {
        reason = null;
        if (kind == "bernoulli")
        {
            return Bernoulli(spec, count, seed);
        }
        if (spec.InputShape.Count != 3 || spec.InputShape[0] != 2)
        {
            reason = $"{kind} input is event frames [2, H, W]; '{spec.Name}' takes [{string.Join(", ", spec.InputShape)}]";
            return null;
        }
        var geometry = new SensorGeometry(spec.InputShape[2], spec.InputShape[1]);
        if (kind == "nmnist-sample")
        {
            if (spec.InputShape[1] != 34 || spec.InputShape[2] != 34)
            {
                reason = $"the N-MNIST sample is framed at 34x34, '{spec.Name}' takes {spec.InputShape[2]}x{spec.InputShape[1]}";
                return null;
            }
            return NmnistSample(spec, count);
        }
        using var task = TaskCatalog.Create(kind, new TaskOptions
        {
            Samples = count,
            Seed = (ulong)seed,
            Geometry = geometry,
            SegmentUs = spec.TimeSteps * BinUs,
        });
        var binner = new EventBinner(task.Geometry, new BinnerOptions { OutputHeight = geometry.Height, OutputWidth = geometry.Width });
        var framer = new SegmentFramer(task, binner, spec.TimeSteps);
        var frames = new float[count][];
        var labels = new int[count];
        for (var s = 0; s < count && framer.MoveNext(); s++)
        {
            frames[s] = new float[spec.TimeSteps * spec.InputSize];
            for (var t = 0; t < spec.TimeSteps; t++)
            {
                framer.NextFrame(frames[s].AsSpan(t * spec.InputSize, spec.InputSize));
            }
            labels[s] = framer.Current.Label % spec.Classes;
        }
        return (frames, labels);
    }

    /// <summary>Mean share of non-zero input values.</summary>
    public static double Density(float[][] frames)
    {
        long nonZero = 0, total = 0;
        foreach (var sample in frames)
        {
            foreach (var v in sample)
            {
                nonZero += v != 0f ? 1 : 0;
            }
            total += sample.Length;
        }
        return total == 0 ? 0 : nonZero / (double)total;
    }

    private static (float[][], int[]) Bernoulli(NetworkSpec spec, int count, int seed)
    {
        var density = spec.InputShape.Count == 1 ? 0.02 : 0.05;
        var rng = new Rng((ulong)seed + 1);
        var frames = new float[count][];
        for (var s = 0; s < count; s++)
        {
            var x = new float[spec.TimeSteps * spec.InputSize];
            for (var i = 0; i < x.Length; i++)
            {
                x[i] = rng.NextDouble() < density ? 1f : 0f;
            }
            frames[s] = x;
        }
        var labels = new int[count];
        var labelRng = new Rng((ulong)seed + 7);
        for (var i = 0; i < count; i++)
        {
            labels[i] = labelRng.NextInt(spec.Classes);
        }
        return (frames, labels);
    }

    /// <summary>The real N-MNIST sample in ../shared, T bins of 10 ms from its first event, the same frames for every sample.</summary>
    private static (float[][], int[]) NmnistSample(NetworkSpec spec, int count)
    {
        var path = SharedSamples.Find(Path.Combine("nmnist", "sample_nmnist.bin"));
        using var reader = EventFile.OpenRead(path, new EventFileOptions());
        var events = new List<DvsEvent>();
        var chunk = new DvsEvent[4096];
        int n;
        while ((n = reader.Read(chunk)) > 0)
        {
            events.AddRange(chunk.AsSpan(0, n));
        }
        var all = events.ToArray();
        var binner = new EventBinner(reader.Geometry ?? new SensorGeometry(34, 34), new BinnerOptions { OutputHeight = 34, OutputWidth = 34 });
        var frames = new float[spec.TimeSteps * spec.InputSize];
        var first = all.Length == 0 ? 0 : all[0].T;
        var at = 0;
        for (var t = 0; t < spec.TimeSteps; t++)
        {
            var end = first + ((t + 1) * BinUs);
            binner.StartBin(first + (t * BinUs), end);
            at += binner.AddUntil(all.AsSpan(at), end);
            binner.Frame.CopyTo(frames.AsSpan(t * spec.InputSize, spec.InputSize));
        }
        var samples = new float[count][];
        for (var s = 0; s < count; s++)
        {
            samples[s] = frames;
        }
        return (samples, new int[count]);
    }
}
