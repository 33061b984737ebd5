using System.CommandLine;
using System.Text.Json.Serialization;
using Edge.Cli.Cli;
using Edge.Runtime;
using Edge.Runtime.Specs;

namespace Edge.Cli.Verbs;

/// <summary><c>edge networks</c>: lists the built-in networks with their size.</summary>
internal static class NetworksVerb
{
    public static Command Create()
    {
        var json = CommonOptions.Json();
        var name = new Argument<string?>("name") { Description = "One built-in network (default: all).", Arity = ArgumentArity.ZeroOrOne };
        var specText = new Option<bool>("--spec") { Description = "Print NAME's JSON spec, as a starting point for a spec file of your own (docs/network-spec.md)." };
        var command = new Command("networks",
            "List the built-in networks (usable as --network NAME) with their version, layers, parameters and memory; 'edge networks NAME --spec' prints one's JSON spec. " +
            "NAME is the current version; earlier defaults stay as NAME@N and published settings as NAME@paper.")
        {
            name, specText, json,
        };
        command.SetAction(parse =>
        {
            var asJson = parse.GetValue(json);
            var one = parse.GetValue(name);
            if (parse.GetValue(specText))
            {
                if (one is null)
                {
                    throw new UserInputException("--spec prints one network's spec: name it (edge networks nmnist-small --spec)");
                }
                Console.Out.Write(NetworkCatalog.Text(one));
                return ExitCodes.Ok;
            }
            foreach (var network in one is null ? NetworkCatalog.Names : [NetworkCatalog.Load(one).Name])
            {
                var spec = NetworkCatalog.Load(network);
                var memory = Network.Build(spec, new NetworkOptions(Learning: false)).Ledger.Report();
                var mark = network.IndexOf('@', StringComparison.Ordinal);
                var version = mark > 0 ? network[(mark + 1)..] : NetworkCatalog.CurrentVersion(network).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var row = new NetworkRow(network, version, spec.Description ?? "", [.. spec.InputShape], spec.Classes, spec.Layers.Count,
                    spec.TimeSteps, spec.EffectiveLearnSteps, memory.ParamBytes / sizeof(float), memory.ParamBytes);
                if (asJson)
                {
                    JsonLines.Write(row, NetworksJson.Default.NetworkRow);
                }
                else
                {
                    Console.Out.WriteLine(FormattableString.Invariant(
                        $"{network,-18} v{version,-6} input {string.Join('x', spec.InputShape),-9} classes {spec.Classes,-3} T {spec.TimeSteps,-4} T_l {spec.EffectiveLearnSteps,-3} params {row.Parameters,10:N0}  {spec.Description}"));
                }
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}

internal sealed record NetworkRow(string Name, string Version, string Description, int[] InputShape, int Classes, int Layers, int T, int TL, long Parameters, long ParamBytes);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(NetworkRow))]
internal sealed partial class NetworksJson : JsonSerializerContext;
