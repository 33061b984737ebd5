using System.CommandLine;
using Edge.Cli.Cli;
using Edge.Cli.Flow;
using Edge.Host.Flow;
using Edge.Runtime.Learning.Flow;

namespace Edge.Cli.Verbs;

/// <summary>
/// <c>edge flow</c>: a spiking encoder-decoder learns optical flow online from events (the
/// simulated flow task by default, or an MVSEC sequence), test-then-train, and reports the
/// average endpoint error beside the zero- and mean-flow predictions. The job is
/// <see cref="FlowRun"/> in Edge.Host.
/// </summary>
internal static class FlowVerb
{
    public static Command Create()
    {
        var json = CommonOptions.Json();
        var network = new Option<string?>("--network", "-n")
        {
            Description = $"Built-in flow network or a JSON spec ending with a readout-flow layer. Default: {FlowOptions.DefaultNetwork}.",
        };
        var rule = CommonOptions.Rule();
        var seed = CommonOptions.Seed(1);
        var source = new Option<string>("--source", "-s")
        {
            Description = "sim: (the simulated flow task; ?kinds=translate,rotate-cw,rotate-ccw,expand,contract&segment=MS&preset=clean|default|noisy&seed=N) " +
                "or mvsec:<sequence_data.hdf5> (?gt=<sequence_gt.hdf5>, default beside it). Default: sim:.",
            DefaultValueFactory = _ => "sim:",
        };
        var samples = new Option<int>("--samples")
        {
            Description = $"Samples to learn (default {FlowOptions.DefaultSamples}, about a minute on the simulated task).",
            DefaultValueFactory = _ => FlowOptions.DefaultSamples,
        };
        var every = new Option<int>("--every") { Description = "A progress row every N samples (default 100).", DefaultValueFactory = _ => 100 };
        var loss = new Option<string>("--loss")
        {
            Description = "auto (the endpoint error where the sample has truth, else self-supervised), aee, or self (self-supervised event warping). Default: auto.",
            DefaultValueFactory = _ => "auto",
        };
        loss.AcceptOnlyFromAmong("auto", "aee", "self");
        var threads = new Option<int>("--threads") { Description = "Threads per network step (default 1; results are the same).", DefaultValueFactory = _ => 1 };
        var plot = new Option<string?>("--plot") { Description = "Write the AEE curve and predicted vs true flow (colour wheel) of a few late samples to this PNG file." };

        var command = new Command("flow",
            "Online learning of optical flow from events: a spiking encoder-decoder (default flow-unet) learns the simulated flow task " +
            "(or an MVSEC sequence), test-then-train, with S-TLLR (or --rule bptt). Prints the average endpoint error (AEE) every --every samples " +
            "beside the zero- and mean-flow predictions, then a summary (--json: flow and flow-summary lines).")
        {
            json, source, network, rule, samples, seed, every, loss, threads, plot,
        };
        command.SetAction(parse =>
        {
            var options = new FlowOptions
            {
                Source = parse.GetValue(source)!,
                Network = parse.GetValue(network),
                Rule = parse.GetValue(rule),
                Samples = parse.GetValue(samples),
                Seed = (ulong)parse.GetValue(seed),
                ReportEvery = parse.GetValue(every),
                Loss = parse.GetValue(loss) switch
                {
                    "aee" => FlowLossKind.EndpointError,
                    "self" => FlowLossKind.EventWarp,
                    _ => FlowLossKind.Auto,
                },
                Threads = parse.GetValue(threads),
            };
            return Run(options, parse.GetValue(json), parse.GetValue(plot));
        });
        return command;
    }

    private static int Run(FlowOptions options, bool json, string? plot)
    {
        using var run = FlowRun.Open(options);
        using var stop = new StopSignal(_ => run.Stop());
        var printer = new FlowPrinter(json, options.Samples, run.Frames.Source.ClassNames, capture: plot is not null);
        var summary = run.Run(printer);
        printer.Summary(summary);
        if (plot is not null)
        {
            var title = summary.Rule == "stllr" ? "S-TLLR ONLINE: FLOW" : summary.Rule.ToUpperInvariant() + " ONLINE: FLOW";
            FlowPlot.Write(plot, summary.Curve, printer.Captured, title);
            if (!json)
            {
                Console.Out.WriteLine($"plot written to {plot}");
            }
        }
        return stop.Interrupted ? ExitCodes.Interrupted : ExitCodes.Ok;
    }
}
