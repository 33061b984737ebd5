using System.CommandLine;
using System.Globalization;
using System.Text.Json.Serialization;
using Edge.Cli.Cli;
using Edge.Drivers.Datasets;
using Edge.Host.Training;

namespace Edge.Cli.Verbs;

/// <summary>
/// <c>edge datasets frames --dataset KIND:PATH --out FILE</c>: writes the frames <c>edge train</c>
/// learns from (with the sample orders and shifts of a seed) and the test frames <c>edge eval</c>
/// judges, as safetensors, for training another implementation on exactly the same inputs.
/// </summary>
internal static class DatasetsFramesCommand
{
    public static Command Create()
    {
        var dataset = CommonOptions.Dataset();
        var network = CommonOptions.Network();
        network.Description = "Built-in network name or JSON spec file whose T frames the samples. Default: the dataset's network.";
        var output = new Option<string>("--out", "-o") { Description = "The safetensors file to write.", Required = true };
        var seed = CommonOptions.Seed(1);
        var epochs = new Option<int>("--epochs") { Description = "Epochs whose sample orders and shifts are recorded (default 1).", DefaultValueFactory = _ => 1 };
        var json = CommonOptions.Json();
        var command = new Command("frames",
            "Write the framed training samples (unshifted, with each epoch's order and random shifts for --seed, as edge train reads them) " +
            "and test samples (all their frames, as edge eval streams them) with labels, as one float32 safetensors file " +
            "(train.frames, train.labels, train.order, train.shift, test.frames, test.steps, test.labels; docs/learning-quality.md).")
        {
            dataset, network, output, seed, epochs, json,
        };
        command.SetAction(parse =>
        {
            var count = parse.GetValue(epochs);
            if (count < 1)
            {
                throw new UserInputException($"--epochs must be at least 1 (got {count})");
            }
            var options = new FrameExportOptions
            {
                Dataset = EvalVerb.ParseDataset(parse.GetValue(dataset)),
                Network = parse.GetValue(network),
                Seed = (ulong)parse.GetValue(seed),
                Epochs = count,
                Output = parse.GetValue(output)!,
            };
            var summary = ProgressBar.Run("frames", 1, bar => FrameExport.Write(options, new DatasetsVerb.BarProgress(bar)));
            var row = new FramesRow(options.Dataset.ToString(), summary.Network, summary.TimeSteps, options.Seed, options.Epochs,
                summary.TrainSamples, summary.TestSamples, summary.TestStepsMax, options.Output, summary.Bytes);
            if (parse.GetValue(json))
            {
                JsonLines.Write(row, FramesJson.Default.FramesRow);
            }
            else
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{row.Dataset}: {row.TrainSamples} training samples of T = {row.TimeSteps} frames for {row.Network} (orders and shifts of seed {row.Seed}, " +
                    $"{row.Epochs} epochs), {row.TestSamples} test samples of up to {row.TestStepsMax} frames; {row.Bytes:N0} bytes in {row.Output}"));
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}

internal sealed record FramesRow(string Dataset, string Network, int TimeSteps, ulong Seed, int Epochs, int TrainSamples, int TestSamples,
    int TestStepsMax, string Output, long Bytes);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(FramesRow))]
internal sealed partial class FramesJson : JsonSerializerContext;
