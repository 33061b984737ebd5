using System.Globalization;
using Edge.Runtime.Checkpoints;
using Edge.Runtime.Specs;

namespace Edge.Host.Measurement;

/// <summary>
/// The inputs of a network row as a safetensors file (<c>edge bench --frames-out</c>), so that the
/// peer harness times the official code on exactly the frames Edge was timed on:
/// <c>frames</c> [warm-up + samples, T, input shape…] and <c>labels</c> [warm-up + samples] (float32,
/// the class index), in the order the row feeds them, warm-up samples first. The metadata says
/// <c>format</c> <c>edge-bench-frames/1</c>, <c>network</c>, <c>input</c>, <c>time_steps</c>,
/// <c>warmup</c>, <c>samples</c>, <c>seed</c> and <c>input_density</c>.
/// </summary>
internal static class BenchFrames
{
    /// <summary>The metadata's <c>format</c> value.</summary>
    public const string Format = "edge-bench-frames/1";

    /// <summary>Writes <paramref name="frames"/> and <paramref name="labels"/> of <paramref name="spec"/> to <paramref name="path"/>.</summary>
    public static void Write(string path, NetworkSpec spec, string input, float[][] frames, int[] labels, int warmup, int seed)
    {
        var sampleLength = spec.TimeSteps * spec.InputSize;
        var all = new float[frames.Length * sampleLength];
        for (var s = 0; s < frames.Length; s++)
        {
            frames[s].CopyTo(all.AsSpan(s * sampleLength, sampleLength));
        }
        var classes = new float[labels.Length];
        for (var s = 0; s < labels.Length; s++)
        {
            classes[s] = labels[s];
        }
        var shape = new List<int> { frames.Length, spec.TimeSteps };
        shape.AddRange(spec.InputShape);

        var writer = new SafetensorsWriter();
        writer.Add("frames", shape, all);
        writer.Add("labels", [labels.Length], classes);
        var meta = writer.Metadata;
        meta["format"] = Format;
        meta["network"] = spec.Name;
        meta["input"] = input;
        meta["time_steps"] = spec.TimeSteps.ToString(CultureInfo.InvariantCulture);
        meta["warmup"] = warmup.ToString(CultureInfo.InvariantCulture);
        meta["samples"] = (frames.Length - warmup).ToString(CultureInfo.InvariantCulture);
        meta["seed"] = seed.ToString(CultureInfo.InvariantCulture);
        meta["input_density"] = Math.Round(BenchInputs.Density(frames), 4).ToString(CultureInfo.InvariantCulture);
        writer.WriteFile(path);
    }
}
