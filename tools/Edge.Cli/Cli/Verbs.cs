using System.CommandLine;
using Edge.Cli.Verbs;

namespace Edge.Cli.Cli;

/// <summary>The list of verbs of the edge command. Each verb lives in its own file under Verbs/.</summary>
internal static class Verbs
{
    public static IEnumerable<Command> All()
    {
        yield return DemoVerb.Create();
        yield return FlowVerb.Create();
        yield return NetworksVerb.Create();
        yield return GoldenVerb.Create();
        yield return BenchVerb.Create();
        yield return SimulateVerb.Create();
        yield return RecordVerb.Create();
        yield return RunVerb.Create();
        yield return InspectVerb.Create();
        yield return ConvertVerb.Create();
        yield return TrainVerb.Create();
        yield return EvalVerb.Create();
        yield return CompareVerb.Create();
        yield return AccelVerb.Create();
        yield return DatasetsVerb.Create();
        yield return ViewVerb.Create();
        yield return FleetVerb.Create();
    }
}
