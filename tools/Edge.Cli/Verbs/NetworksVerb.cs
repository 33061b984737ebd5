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
        var command = new Command("networks", "List the built-in networks (usable as --network NAME) with their layers, parameters and memory.")
        {
            json,
        };
        command.SetAction(parse =>
        {
            var asJson = parse.GetValue(json);
            foreach (var name in NetworkCatalog.Names)
            {
                var spec = NetworkCatalog.Load(name);
                var memory = Network.Build(spec, new NetworkOptions(Learning: false)).Ledger.Report();
                var row = new NetworkRow(name, spec.Description ?? "", [.. spec.InputShape], spec.Classes, spec.Layers.Count,
                    spec.TimeSteps, spec.EffectiveLearnSteps, memory.ParamBytes / sizeof(float), memory.ParamBytes);
                if (asJson)
                {
                    JsonLines.Write(row, NetworksJson.Default.NetworkRow);
                }
                else
                {
                    Console.Out.WriteLine(FormattableString.Invariant(
                        $"{name,-14} input {string.Join('x', spec.InputShape),-9} classes {spec.Classes,-3} T {spec.TimeSteps,-4} T_l {spec.EffectiveLearnSteps,-3} params {row.Parameters,10:N0}  {spec.Description}"));
                }
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}

internal sealed record NetworkRow(string Name, string Description, int[] InputShape, int Classes, int Layers, int T, int TL, long Parameters, long ParamBytes);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(NetworkRow))]
internal sealed partial class NetworksJson : JsonSerializerContext;
