using System.Text.Json.Serialization;
using Edge.Host.Runs;
using Edge.Host.Teaching;

namespace Edge.Host.Web.Serving;

/// <summary>The run's own records as the page receives them: the same snake_case keys as the JSON lines.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(RunStarted))]
[JsonSerializable(typeof(RunMetricsRow))]
[JsonSerializable(typeof(CommandResult))]
[JsonSerializable(typeof(RunSummary))]
[JsonSerializable(typeof(CommandRequest))]
internal sealed partial class PageJson : JsonSerializerContext;

/// <summary>What the page posts to <c>/command</c>.</summary>
/// <param name="Command">A line of the teach command language.</param>
internal sealed record CommandRequest(string? Command);
