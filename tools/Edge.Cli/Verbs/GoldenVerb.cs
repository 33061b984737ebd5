using System.CommandLine;
using System.Globalization;
using System.Text.Json.Serialization;
using Edge.Cli.Cli;
using Edge.Runtime.Golden;

namespace Edge.Cli.Verbs;

/// <summary><c>edge golden PATH...</c>: runs reference cases computed with the official PyTorch code.</summary>
internal static class GoldenVerb
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Golden case files (*.json) or folders holding them, e.g. ../shared/golden",
            Arity = ArgumentArity.OneOrMore,
        };
        var json = CommonOptions.Json();
        var allowSkip = new Option<bool>("--allow-skip")
        {
            Description = "Exit 0 when cases are skipped (a kind this build does not implement); without it a skip is a failure.",
        };
        var command = new Command("golden",
            "Check numerical parity with the official S-TLLR / BP-STA code: run every golden case through the same " +
            "network and learner objects as 'edge demo' and compare every tensor within the case's tolerance. " +
            "Prints 'PASS|FAIL|SKIP  name  kind  worst=<|error| / tolerance>' per case and a summary; exit 1 if any case " +
            "fails or is skipped (--allow-skip accepts skips).")
        {
            paths, json, allowSkip,
        };
        command.SetAction(parse => Run(parse.GetValue(paths)!, parse.GetValue(json), parse.GetValue(allowSkip)));
        return command;
    }

    private static int Run(string[] paths, bool json, bool allowSkip)
    {
        var files = GoldenRunner.FindCases(paths);
        if (files.Count == 0)
        {
            throw new UserInputException($"no golden case files (*.json) in {string.Join(", ", paths)}");
        }
        int passed = 0, failed = 0, skipped = 0;
        foreach (var file in files)
        {
            var result = GoldenRunner.RunFile(file);
            switch (result.Status)
            {
                case GoldenStatus.Pass: passed++; break;
                case GoldenStatus.Fail: failed++; break;
                default: skipped++; break;
            }
            if (json)
            {
                JsonLines.Write(new GoldenRow(result.Name, result.Kind, result.Status.ToString().ToUpperInvariant(),
                    double.IsFinite(result.Worst) ? result.Worst : null, result.Detail), GoldenJson.Default.GoldenRow);
            }
            else
            {
                Console.Out.WriteLine(result.Line);
                if (result.Status == GoldenStatus.Fail)
                {
                    Console.Error.WriteLine($"  {result.Name}: {result.Detail}");
                }
            }
        }
        var summary = string.Create(CultureInfo.InvariantCulture, $"{passed} passed, {failed} failed, {skipped} skipped");
        if (json)
        {
            JsonLines.Write(new GoldenSummary(passed, failed, skipped), GoldenJson.Default.GoldenSummary);
        }
        else
        {
            Console.Out.WriteLine(summary);
        }
        if (skipped > 0 && !allowSkip)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"edge: {skipped} golden case(s) skipped: a kind this build does not run is not parity (--allow-skip accepts it)"));
        }
        return failed == 0 && (skipped == 0 || allowSkip) ? ExitCodes.Ok : ExitCodes.CheckFailed;
    }
}

internal sealed record GoldenRow(string Name, string Kind, string Status, double? Worst, string Detail);

internal sealed record GoldenSummary(int Passed, int Failed, int Skipped);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(GoldenRow))]
[JsonSerializable(typeof(GoldenSummary))]
internal sealed partial class GoldenJson : JsonSerializerContext;
