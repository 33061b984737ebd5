using System.Text.Json.Serialization;
using Edge.Cli.Measurement;
using Edge.Host.Measurement;

namespace Edge.Cli.Output;

/// <summary>JSON of the measurement rows (<c>edge bench</c>, <c>edge compare</c>): snake_case keys, source-generated.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(NetworkBenchRow))]
[JsonSerializable(typeof(DecodeBenchRow))]
[JsonSerializable(typeof(SimBenchRow))]
[JsonSerializable(typeof(PeakRow))]
[JsonSerializable(typeof(RealtimeRow))]
[JsonSerializable(typeof(CompareRow))]
[JsonSerializable(typeof(PageRow))]
[JsonSerializable(typeof(PageSummaryRow))]
[JsonSerializable(typeof(LearningRow))]
internal sealed partial class MeasurementJson : JsonSerializerContext;
