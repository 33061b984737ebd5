using System.CommandLine;
using System.Globalization;
using Edge.Cli.Cli;
using Edge.Cli.Measurement;
using Edge.Cli.Output;
using Edge.Cli.Plotting;
using Edge.Host.Measurement;

namespace Edge.Cli.Verbs;

/// <summary><c>edge bench</c>: speed and memory of networks, decoders, the simulator and kernels.</summary>
internal static class BenchVerb
{
    /// <summary>The library's kinds and the page's, which needs ASP.NET Core and so lives with the CLI.</summary>
    private static readonly IBenchKind[] Kinds = [.. BenchKinds.All, new PageBench()];

    public static Command Create()
    {
        var json = CommonOptions.Json();
        var network = CommonOptions.Network();
        var kind = new Option<string>("--kind")
        {
            Description = "What to measure: " + string.Join(", ", KindNames()) + ". Default: network.",
            DefaultValueFactory = _ => "network",
        };
        kind.AcceptOnlyFromAmong([.. KindNames()]);
        var mode = new Option<string?>("--mode") { Description = "Network rows: infer or train (default: both)." };
        mode.AcceptOnlyFromAmong("infer", "train");
        var rule = CommonOptions.Rule();
        var steps = new Option<int?>("--steps") { Description = "Network rows: time steps T per sample (default: the network's own T)." }
            .Within(1, OptionRanges.MaxTimeSteps, "time steps per sample");
        var threads = new Option<int>("--threads") { Description = "Worker threads per step (default 1).", DefaultValueFactory = _ => 1 }
            .Within(1, OptionRanges.MaxThreads, "threads");
        var quick = new Option<bool>("--quick") { Description = "Few samples: a smoke test, figures are noisy." };
        var input = new Option<string>("--input")
        {
            Description = "Network rows: what the network is fed: bernoulli (seeded 5 % spikes, the peer harness's protocol; default), motion or gestures " +
                          "(the simulated camera's tasks in 10 ms frames at the network's size), nmnist-sample (the real N-MNIST sample framed as the N-MNIST preset).",
            DefaultValueFactory = _ => "bernoulli",
        };
        input.AcceptOnlyFromAmong([.. BenchInputs.Kinds]);
        var framesOut = new Option<string?>("--frames-out")
        {
            Description = "Network rows of one --network: write the frames they are fed (warm-up samples first, with labels) to this safetensors file, " +
                          "for the peer harness (tools/peer/stllr_torch_bench.py --frames).",
        };
        var seed = CommonOptions.Seed(1234);
        var dataset = new Option<string[]>("--dataset")
        {
            Description = "Learning rows: a dataset KIND:PATH (repeatable; default: the N-MNIST-format digits set, made in a temporary folder).",
            AllowMultipleArgumentsPerToken = false,
        };
        var epochs = new Option<int?>("--epochs") { Description = "Learning rows: training epochs (default 3; 1 with --quick)." };
        var plot = new Option<string?>("--plot") { Description = "Learning rows: write their learning curves to this PNG file." };

        var command = new Command("bench",
            "Measure speed and memory. Network rows time inference and training (S-TLLR, or --rule) per step at batch 1 on seeded " +
            "Bernoulli spike input or real events (--input); decode rows time the file readers; sim rows time the simulated sensor; learning rows train " +
            "a dataset's network with S-TLLR and BPTT (or --rule) and report test and prequential accuracy and learning speed.")
        {
            json, network, kind, mode, rule, steps, threads, quick, input, framesOut, seed, dataset, epochs, plot,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(framesOut) is not null && (parse.GetValue(network) is null || parse.GetValue(kind) != "network"))
            {
                throw new UserInputException("--frames-out writes the frames of one network's rows: give --network NAME (and --kind network)");
            }
            var learningRows = new List<LearningRow>();
            Action<IBenchRow> print = parse.GetValue(json) ? static row => JsonLines.Write(row, MeasurementJson.Default) : static row => Console.Out.WriteLine(row.Describe());
            var context = new BenchContext
            {
                Sink = row =>
                {
                    print(row);
                    if (row is LearningRow learning)
                    {
                        learningRows.Add(learning);
                    }
                },
                Notes = static note => Console.Error.WriteLine("edge: " + note),
                Input = parse.GetValue(input)!,
                Network = parse.GetValue(network),
                Mode = parse.GetValue(mode),
                Rule = parse.GetValue(rule),
                Steps = parse.GetValue(steps),
                Threads = parse.GetValue(threads),
                Quick = parse.GetValue(quick),
                Seed = parse.GetValue(seed),
                Datasets = [.. (parse.GetValue(dataset) ?? []).Select(EvalVerb.ParseDataset)],
                Epochs = parse.GetValue(epochs) is int e ? (e >= 1 ? e : throw new UserInputException($"--epochs must be at least 1 (got {e})")) : null,
                FramesOut = parse.GetValue(framesOut),
            };
            var name = parse.GetValue(kind)!;
            foreach (var k in Kinds)
            {
                if (k.Name == name)
                {
                    k.Run(context);
                    if (parse.GetValue(plot) is { } png && learningRows.Count > 0)
                    {
                        LearningPlot.Write(png, learningRows);
                        Console.Error.WriteLine($"learning curves written to {png}");
                    }
                    if (context.AllocatingRows > 0)
                    {
                        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"edge: {context.AllocatingRows} row(s) allocated in their timed region (alloc_bytes > 0): a time step must not allocate"));
                        return ExitCodes.CheckFailed;
                    }
                    return ExitCodes.Ok;
                }
            }
            throw new UserInputException($"unknown benchmark kind '{name}'");
        });
        return command;
    }

    private static IEnumerable<string> KindNames()
    {
        foreach (var k in Kinds)
        {
            yield return k.Name;
        }
    }
}
