using System.Globalization;
using Edge.Drivers.Datasets;
using Edge.Runtime.Checkpoints;
using Edge.Runtime.Specs;

namespace Edge.Host.Training;

/// <summary>What <c>edge datasets frames</c> was asked to write.</summary>
public sealed record FrameExportOptions
{
    /// <summary>The dataset.</summary>
    public required DatasetLocation Dataset { get; init; }

    /// <summary>Built-in network name or spec file; null: the dataset's default network. Its T sets the frames per sample.</summary>
    public string? Network { get; init; }

    /// <summary>The training seed whose sample orders and shifts are recorded.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Epochs whose orders and shifts are recorded.</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>The safetensors file to write.</summary>
    public required string Output { get; init; }
}

/// <summary>What was written.</summary>
/// <param name="Network">The network whose T framed the samples.</param>
/// <param name="TimeSteps">T: frames per training sample.</param>
/// <param name="TrainSamples">Training samples.</param>
/// <param name="TestSamples">Test samples.</param>
/// <param name="TestStepsMax">Frames of the longest test sample (test samples keep all their frames).</param>
/// <param name="Bytes">Size of the file.</param>
public readonly record struct FrameExportSummary(string Network, int TimeSteps, int TrainSamples, int TestSamples, int TestStepsMax, long Bytes);

/// <summary>
/// Writes the frames <c>edge train</c> learns from and <c>edge eval</c> judges, as one safetensors
/// file (float32), so that another implementation (the official PyTorch code, tools/peer) can train
/// on exactly the same inputs:
/// <list type="bullet">
/// <item><c>train.frames</c> [N, T, …frame]: every training sample, unshifted, in the split's natural
/// order, T frames as training renders them (a shorter sample padded with empty frames);</item>
/// <item><c>train.labels</c> [N]; <c>train.order</c> [E, N]: per epoch, the indices into
/// <c>train.frames</c> in the order training with the seed reads them; <c>train.shift</c> [E, N, 2]:
/// each read sample's (dy, dx), frame'[c, y, x] = frame[c, y + dy, x + dx], zero outside;</item>
/// <item><c>test.frames</c> [M, S, …frame]: every test sample with all its frames (as evaluation
/// streams them), padded to the longest S with empty frames; <c>test.steps</c> [M] its frame count;
/// <c>test.labels</c> [M].</item>
/// </list>
/// The metadata names the format (<c>edge-frames/1</c>), the network, T, T_l, the seed, epochs,
/// bin widths and the number of classes.
/// </summary>
public static class FrameExport
{
    /// <summary>The format name written in the metadata.</summary>
    public const string Format = "edge-frames/1";

    /// <summary>Writes the file.</summary>
    /// <exception cref="DatasetException">The dataset folder is not usable.</exception>
    /// <exception cref="SpecException">The network does not fit the dataset.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static FrameExportSummary Write(FrameExportOptions options, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Epochs);
        var preset = DatasetPreset.For(options.Dataset.Kind);
        var opened = DatasetSession.OpenFramed(options.Dataset, DatasetSplit.Train, preset.Train);
        using var train = opened.Dataset;
        var spec = preset.ResolveNetwork(options.Network, train.ClassCount);
        var steps = spec.TimeSteps;
        var trainRecipe = preset.Train.WithSteps(steps);
        var framer = new SampleFramer(train, trainRecipe);
        var frame = framer.FrameLength;
        var n = train.Count;
        var epochs = options.Epochs;

        var trainFrames = new float[(long)n * steps * frame];
        var trainLabels = new float[n];
        for (var i = 0; i < n; i++)
        {
            trainLabels[i] = train.Samples[i].Label;
        }
        // Natural order, no shift.
        var identity = new int[n];
        for (var i = 0; i < n; i++)
        {
            identity[i] = i;
        }
        train.SetOrder(identity);
        framer.Augment = null;
        for (var i = 0; i < n && framer.MoveNext(); i++)
        {
            var sample = trainFrames.AsSpan(i * steps * frame, steps * frame);
            for (var t = 0; t < steps && framer.NextFrame(sample.Slice(t * frame, frame)); t++)
            {
            }
            progress?.Report(0.5 * (i + 1) / n);
        }
        var order = new float[epochs * n];
        var shift = new float[epochs * n * 2];
        for (var e = 0; e < epochs; e++)
        {
            DatasetTrainer.Arrange(framer, options.Seed, e);
            for (var i = 0; i < n && framer.MoveNext(); i++)
            {
                var (dy, dx) = framer.CurrentShift;
                order[(e * n) + i] = train.CurrentIndex;
                shift[((e * n) + i) * 2] = dy;
                shift[(((e * n) + i) * 2) + 1] = dx;
            }
        }

        var testRecipe = preset.Test.WithSteps(steps);
        using var test = DatasetSession.OpenFramed(options.Dataset, DatasetSplit.Test, testRecipe).Dataset;
        var testFramer = new SampleFramer(test, testRecipe);
        var testSamples = new List<float[]>(test.Count);
        var testLabels = new float[test.Count];
        var scratch = new float[frame];
        var longest = 1;
        var buffer = new List<float>();
        for (var i = 0; testFramer.MoveNext(); i++)
        {
            buffer.Clear();
            while (testFramer.NextFrame(scratch))
            {
                buffer.AddRange(scratch);
            }
            testSamples.Add([.. buffer]);
            testLabels[i] = testFramer.Current.Label;
            longest = Math.Max(longest, buffer.Count / frame);
            progress?.Report(0.5 + (0.5 * (i + 1) / test.Count));
        }
        var testFrames = new float[(long)testSamples.Count * longest * frame];
        var testSteps = new float[testSamples.Count];
        for (var i = 0; i < testSamples.Count; i++)
        {
            testSamples[i].CopyTo(testFrames, (long)i * longest * frame);
            testSteps[i] = testSamples[i].Length / frame;
        }

        var shape = trainRecipe.Shape;
        var writer = new SafetensorsWriter();
        writer.Add("train.frames", [n, steps, .. shape], trainFrames);
        writer.Add("train.labels", [n], trainLabels);
        writer.Add("train.order", [epochs, n], order);
        writer.Add("train.shift", [epochs, n, 2], shift);
        writer.Add("test.frames", [testSamples.Count, longest, .. shape], testFrames);
        writer.Add("test.steps", [testSamples.Count], testSteps);
        writer.Add("test.labels", [testSamples.Count], testLabels);
        var inv = CultureInfo.InvariantCulture;
        writer.Metadata["format"] = Format;
        writer.Metadata["dataset"] = options.Dataset.ToString();
        writer.Metadata["network"] = spec.Name;
        writer.Metadata["time_steps"] = steps.ToString(inv);
        writer.Metadata["learn_steps"] = spec.EffectiveLearnSteps.ToString(inv);
        writer.Metadata["seed"] = options.Seed.ToString(inv);
        writer.Metadata["epochs"] = epochs.ToString(inv);
        writer.Metadata["train_bin_us"] = trainRecipe.BinUs.ToString(inv);
        writer.Metadata["test_bin_us"] = testRecipe.BinUs.ToString(inv);
        writer.Metadata["shift_padding"] = trainRecipe.ShiftPadding.ToString(inv);
        writer.Metadata["classes"] = train.ClassCount.ToString(inv);
        var temporary = options.Output + ".tmp";
        writer.WriteFile(temporary);
        File.Move(temporary, options.Output, overwrite: true);
        return new FrameExportSummary(spec.Name, steps, n, testSamples.Count, longest, new FileInfo(options.Output).Length);
    }
}
