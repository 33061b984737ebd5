using System.Text.Json;
using Edge.Host.Fleet.Broker;
using Edge.Host.Fleet.Weights;
using Edge.Host.Runs;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Edge.Host.Fleet.Tests.Support;

/// <summary>
/// Load for the scale bench: a client that sends what a board sends — the same payloads and sizes
/// (status with metrics, metrics, predictions; weight sets of the demo network's size) — and answers
/// pull-weights and push-weights as a board does, without a network learning behind it.
/// </summary>
internal sealed class SimulatedBoard : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly string _id;
    private readonly float[] _weights;
    private readonly WeightAssembler _assembler;
    private readonly IReadOnlyList<WeightTensor> _tensors;
    private string? _expected;
    private WeightsReply? _lastWeights;
    private CommandReply? _lastCommand;

    private SimulatedBoard(string id, int floats)
    {
        _id = id;
        _weights = new float[floats];
        var random = new Random(id.GetHashCode(StringComparison.Ordinal));
        for (var i = 0; i < floats; i++)
        {
            _weights[i] = (float)random.NextDouble();
        }
        _tensors = [new WeightTensor("layers.0.weight", [floats], floats)];
        _assembler = new WeightAssembler(m => m.Set == _expected ? null : "not announced");
    }

    public static string Signature => "input 2x32x32 classes 8\nsimulated board";

    public static RunMetricsRow Metrics(long samples) => new()
    {
        ElapsedS = 1234.567, Samples = samples, Accuracy = 0.9345, AccuracyLast100 = 0.97, Mode = "learn", Label = "bar-right", Windows = samples,
        AccuracyTaught = 0.9345, AccuracyTruth = 0.9345, EventsPerS = 654321.5, StepsPerS = 3012.45, SamplesPerS = 150.625, EventsDropped = 0,
        Loss = 0.04567, LearningRate = 0.001f, FleetUnsent = 0,
    };

    public static byte[] PredictionPayload(string id) => JsonSerializer.SerializeToUtf8Bytes(new PredictionMessage
    {
        Board = id, TStartUs = 123_400_000, TEndUs = 123_600_000, Class = "rotate-ccw", Confidence = 0.8765f, Label = "rotate-ccw", Truth = "rotate-ccw", Learned = true, Windows = 75,
    }, FleetJson.Default.PredictionMessage);

    public static byte[] MetricsPayload(string id) => JsonSerializer.SerializeToUtf8Bytes(new MetricsMessage(1, id, Metrics(123_456)), FleetJson.Default.MetricsMessage);

    public byte[] StatusPayload(string status = "online") => JsonSerializer.SerializeToUtf8Bytes(new BoardStatus
    {
        Board = _id, Status = status, Network = "demo", Signature = "1a2b3c4d", WeightSeed = 7,
        Classes = ["bar-right", "bar-left", "bar-up", "bar-down", "rotate-cw", "rotate-ccw", "circle-cw", "circle-ccw"],
        Software = "0.3.0", Mode = "learn", Labels = "task", Metrics = Metrics(123_456), LastCommand = _lastCommand, LastWeights = _lastWeights, Time = DateTimeOffset.UtcNow,
    }, FleetJson.Default.BoardStatus);

    public static async Task<SimulatedBoard> ConnectAsync(string host, int port, string id, string? password, int floats)
    {
        var board = new SimulatedBoard(id, floats);
        board._client.ApplicationMessageReceivedAsync += board.OnMessage;
        var options = new MqttClientOptionsBuilder().WithTcpServer(host, port).WithProtocolVersion(MqttProtocolVersion.V500).WithClientId("sim-" + id);
        if (password is not null)
        {
            options.WithCredentials(id, password);
        }
        await board._client.ConnectAsync(options.Build());
        await board._client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(FleetTopics.Command(id), MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter(FleetTopics.WeightsIn(id), MqttQualityOfServiceLevel.AtLeastOnce).Build());
        await board.PublishStatusAsync();
        return board;
    }

    public IMqttClient Client => _client;

    public string Id => _id;

    public Task PublishStatusAsync() => _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(FleetTopics.Status(_id)).WithPayload(StatusPayload())
        .WithRetainFlag().WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

    public async ValueTask DisposeAsync()
    {
        await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(FleetTopics.Status(_id)).WithPayload([]).WithRetainFlag().Build());
        await _client.DisconnectAsync();
        _client.Dispose();
    }

    private Task OnMessage(MqttApplicationMessageReceivedEventArgs e)
    {
        var payload = System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload);
        if (e.ApplicationMessage.Topic == FleetTopics.WeightsIn(_id))
        {
            var step = _assembler.Add(payload);
            if (step.Complete is { } set)
            {
                set.Values.CopyTo(_weights, 0);
                _lastWeights = new WeightsReply(set.Manifest.Set, true, null);
                _ = Task.Run(PublishStatusAsync);
            }
            return Task.CompletedTask;
        }
        var command = JsonSerializer.Deserialize(payload, FleetJson.Default.CommandMessage)!;
        _ = Task.Run(async () =>
        {
            if (command.Command.StartsWith("pull-weights ", StringComparison.Ordinal))
            {
                if (!WeightChunk.TryParseId(command.Command[13..], out var set))
                {
                    return;
                }
                var manifest = WeightSet.Describe(_weights, _id, "demo", Signature, 7, ["x", "y"], 100, _tensors, set);
                await Publishing.WeightSetAsync(_client, FleetTopics.WeightsOut(_id), manifest, _weights, CancellationToken.None);
            }
            else if (command.Command.StartsWith("push-weights ", StringComparison.Ordinal))
            {
                _expected = command.Command[13..];
            }
            _lastCommand = new CommandReply(command.Id, command.Command, true, null);
            await PublishStatusAsync();
        });
        return Task.CompletedTask;
    }
}
