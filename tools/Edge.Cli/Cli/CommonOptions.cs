using System.CommandLine;

namespace Edge.Cli.Cli;

/// <summary>Options that mean the same thing on every verb.</summary>
internal static class CommonOptions
{
    /// <summary>--verbose: more log output, and exception details after the one-line error.</summary>
    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "More log output; print exception details after an error line.",
        Recursive = true,
    };

    /// <summary>--json: stdout carries JSON Lines only.</summary>
    public static Option<bool> Json() => new("--json")
    {
        Description = "Print machine-readable JSON Lines on stdout (one object per line); progress and logs stay on stderr.",
    };

    /// <summary>--network: a built-in network name or a path to a JSON spec.</summary>
    public static Option<string?> Network() => new("--network", "-n")
    {
        Description = "Built-in network name (see 'edge networks') or path to a JSON network spec. Default: the demo network.",
    };

    /// <summary>--rule: the learning rule (default: the spec's rule, S-TLLR for the built-in networks).</summary>
    public static Option<string?> Rule()
    {
        var option = new Option<string?>("--rule")
        {
            Description = "Learning rule: " + string.Join(", ", Runtime.Learning.LearnerFactory.Rules) + ". Default: the network spec's rule (stllr).",
        };
        option.AcceptOnlyFromAmong([.. Runtime.Learning.LearnerFactory.Rules]);
        return option;
    }

    /// <summary>--seed: reproducible runs (0 or more).</summary>
    public static Option<int> Seed(int defaultValue = 1) => new Option<int>("--seed")
    {
        Description = "Random seed; runs with the same seed are identical.",
        DefaultValueFactory = _ => defaultValue,
    }.Within(0, int.MaxValue, "seeds");

    /// <summary>--dataset KIND:PATH, required; <paramref name="example"/> is appended to the description.</summary>
    public static Option<string> Dataset(string example = "") => new("--dataset")
    {
        Description = "The dataset, KIND:PATH with KIND one of " + Drivers.Datasets.DatasetNames.AllKinds + example + ".",
        Required = true,
    };
}
