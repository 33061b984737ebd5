using System.CommandLine;
using System.Globalization;
using Edge.Cli.Cli;
using Edge.Cli.Output;
using Edge.Cli.Plotting;
using Edge.Host.Measurement;
using Edge.Runtime.Learning;
using Edge.Runtime.Specs;

namespace Edge.Cli.Verbs;

/// <summary>
/// <c>edge compare</c>: every learning rule on the same network at several T — learning-state
/// bytes from the built learner, MACs counted by the kernels (or scheduled, --dry), time per
/// training sample — with the ratios against BPTT and, for S-TLLR, the paper's own counting.
/// </summary>
internal static class CompareVerb
{
    public static Command Create()
    {
        var json = CommonOptions.Json();
        var network = CommonOptions.Network();
        var steps = new Option<string>("--steps")
        {
            Description = "Comma-separated time steps T to compare (default 10,20,50,100).",
            DefaultValueFactory = _ => "10,20,50,100",
        };
        var rules = new Option<string?>("--rules")
        {
            Description = "Comma-separated rules (default: all of " + string.Join(", ", LearnerFactory.Rules) + ").",
        };
        var dry = new Option<bool>("--dry") { Description = "Report bytes and MACs from the built learners without running samples (ms_per_sample is null)." };
        var samples = new Option<int>("--samples") { Description = "Timed training samples per row (default 3).", DefaultValueFactory = _ => 3 };
        var doc = new Option<string?>("--doc") { Description = "Also write this network's table and memory plot into DIR/learning-rules.md." };
        var seed = CommonOptions.Seed(1234);

        var command = new Command("compare",
            "Compare the learning rules on one network: for each rule and T, the learning state in bytes (from the built " +
            "learner), the MACs of forward, learning signal and weight update per sample (counted by the kernels), and the " +
            "time per training sample at batch 1; with the ratios against BPTT and the S-TLLR paper's counting.")
        {
            json, network, steps, rules, dry, samples, doc, seed,
        };
        command.SetAction(parse => Run(
            parse.GetValue(network), ParseSteps(parse.GetValue(steps)!), ParseRules(parse.GetValue(rules)), parse.GetValue(dry),
            parse.GetValue(samples), parse.GetValue(seed), parse.GetValue(json), parse.GetValue(doc)));
        return command;
    }

    private static int Run(string? networkName, int[] steps, string[] rules, bool dry, int samples, int seed, bool json, string? doc)
    {
        if (samples < 1)
        {
            throw new UserInputException("--samples must be at least 1");
        }
        var spec = NetworkCatalog.Resolve(networkName);
        using var stop = new StopSignal(static _ => { });
        var comparison = new RuleComparison(spec, samples, seed, dry, () => stop.Interrupted);
        var rows = new List<CompareRow>();
        // BPTT goes first at every T so the other rows can carry their ratio to it.
        var order = new List<string>(rules);
        if (order.Remove("bptt"))
        {
            order.Insert(0, "bptt");
        }
        // A rule that makes another listed rule's updates on this network (e-prop with a stateless
        // readout is OTTT) would repeat its rows: it is left out, and the output says so.
        var notes = new List<string>();
        foreach (var rule in rules)
        {
            var same = LearnerFactory.EquivalentRule(spec, rule);
            if (same != rule && order.Contains(same))
            {
                order.Remove(rule);
                notes.Add($"{rule} is {same} on {spec.Name} (stateless readout: e-prop's filter κ is the readout's decay, here 0, so both build the same eligibility and learning signal); its rows would repeat {same}'s and are left out.");
            }
        }
        foreach (var note in notes)
        {
            Console.Error.WriteLine("edge: " + note);
        }
        ProgressBar.Run($"compare {spec.Name}", steps.Length * order.Count, bar =>
        {
            var done = 0;
            foreach (var t in steps)
            {
                CompareRow? bptt = null;
                foreach (var rule in order)
                {
                    bar.Report(done, $"{rule} T={t}");
                    CompareRow row;
                    try
                    {
                        row = comparison.Measure(rule, t, bptt);
                    }
                    catch (OperationCanceledException)
                    {
                        return 0; // Ctrl-C/SIGTERM: the rows so far are the result
                    }
                    catch (SpecException ex)
                    {
                        // A rule that cannot run this network (e.g. its neurons have no recurrent layer) is skipped, not fatal.
                        Console.Error.WriteLine($"edge: {rule} skipped on {spec.Name}: {ex.Message}");
                        bar.Report(++done, $"{rule} T={t}");
                        continue;
                    }
                    bptt ??= rule == "bptt" ? row : null;
                    rows.Add(row);
                    if (json)
                    {
                        JsonLines.Write(row, MeasurementJson.Default.CompareRow);
                    }
                    bar.Report(++done, $"{rule} T={t}");
                    // Each learner can hold hundreds of MiB of history at large T: release it before the next.
                    GC.Collect();
                }
            }
            return 0;
        });

        rows.Sort((a, b) => a.Rule == b.Rule ? a.T.CompareTo(b.T) : order.IndexOf(a.Rule).CompareTo(order.IndexOf(b.Rule)));
        if (!json)
        {
            foreach (var row in rows)
            {
                Console.Out.WriteLine(row.Describe());
            }
        }
        if (doc is not null)
        {
            var command = string.Create(CultureInfo.InvariantCulture,
                $"edge compare --network {spec.Name} --steps {string.Join(',', steps)} --rules {string.Join(',', rules)}{(dry ? " --dry" : "")} --samples {samples} --doc {doc}");
            var page = ComparisonPage.Write(doc, spec.Name, command, rows, notes);
            Console.Error.WriteLine($"comparison of {spec.Name} written to {page}");
        }
        return stop.Interrupted ? ExitCodes.Interrupted : ExitCodes.Ok;
    }

    private static int[] ParseSteps(string text)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var steps = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out steps[i]) || steps[i] < 1 || steps[i] > OptionRanges.MaxTimeSteps)
            {
                throw new UserInputException($"--steps: '{parts[i]}' is not a number of time steps from 1 to {OptionRanges.MaxTimeSteps}");
            }
        }
        return steps.Length > 0 ? steps : throw new UserInputException("--steps: give at least one T, e.g. --steps 10,20");
    }

    private static string[] ParseRules(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [.. LearnerFactory.Rules];
        }
        var rules = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var rule in rules)
        {
            if (!LearnerFactory.Rules.Contains(rule))
            {
                throw new UserInputException($"--rules: unknown rule '{rule}' (known: {string.Join(", ", LearnerFactory.Rules)})");
            }
        }
        return rules;
    }
}
