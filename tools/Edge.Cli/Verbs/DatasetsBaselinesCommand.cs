using System.CommandLine;
using System.Globalization;
using System.Text.Json.Serialization;
using Edge.Cli.Cli;
using Edge.Drivers.Datasets;
using Edge.Host.Baselines;

namespace Edge.Cli.Verbs;

/// <summary>
/// <c>edge datasets baselines --dataset KIND:PATH</c>: softmax regression and 3-NN on standardised
/// log event counts, trained on the training split, accuracy on both splits.
/// </summary>
internal static class DatasetsBaselinesCommand
{
    public static Command Create()
    {
        var dataset = CommonOptions.Dataset();
        var json = CommonOptions.Json();
        var command = new Command("baselines",
            "Two baselines on a dataset: L2-regularised softmax regression (lambda = 1/N, L-BFGS until the largest gradient component " +
            "is 1e-6) and 3-NN, both on standardised log(1 + event count) per pooled pixel and polarity (per channel for SHD). " +
            "Prints train and test accuracy (3-NN train accuracy is leave-one-out).")
        {
            dataset, json,
        };
        command.SetAction(parse =>
        {
            var location = EvalVerb.ParseDataset(parse.GetValue(dataset));
            var results = DatasetBaselines.Compute(location);
            foreach (var r in results)
            {
                var row = new BaselineRow(location.ToString(), r.Model, r.Features, r.TrainSamples, r.TestSamples,
                    Math.Round(r.TrainAccuracy, 4), Math.Round(r.TestAccuracy, 4), r.Lambda, r.Iterations, r.GradientNorm);
                if (parse.GetValue(json))
                {
                    JsonLines.Write(row, BaselineJson.Default.BaselineRow);
                }
                else
                {
                    var training = r.Iterations is { } it
                        ? string.Create(CultureInfo.InvariantCulture, $", {it} L-BFGS iterations, gradient {r.GradientNorm:E1}, lambda {r.Lambda:G3}")
                        : "";
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{row.Dataset} {row.Model,-7} features {row.Features}: train {row.TrainAccuracy:F3} ({row.TrainSamples}), test {row.TestAccuracy:F3} ({row.TestSamples}){training}"));
                }
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}

internal sealed record BaselineRow(string Dataset, string Model, string Features, int TrainSamples, int TestSamples, double TrainAccuracy,
    double TestAccuracy, double? Lambda, int? Iterations, double? GradientNorm);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(BaselineRow))]
internal sealed partial class BaselineJson : JsonSerializerContext;
