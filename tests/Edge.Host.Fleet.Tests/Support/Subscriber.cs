using System.Collections.Concurrent;
using Edge.Host.Fleet.Broker;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Edge.Host.Fleet.Tests.Support;

/// <summary>A plain MQTT 5 client of the tests: logs in as a user, subscribes, keeps every message it receives.</summary>
internal sealed class Subscriber : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();

    public ConcurrentQueue<(string Topic, byte[] Payload, bool Retain)> Messages { get; } = new();

    public IMqttClient Client => _client;

    public static BrokerLogin Login(Mosquitto broker, string user, bool tls = false, string? password = null) => new()
    {
        Address = BrokerAddress.Parse(tls ? broker.TlsUrl : broker.Url),
        Username = user,
        Password = password ?? Mosquitto.PasswordOf(user),
        CaFile = tls ? broker.CaFile : null,
    };

    /// <summary>Connects; returns the CONNACK's reason.</summary>
    public static async Task<(Subscriber Client, MqttClientConnectResultCode Code)> ConnectAsync(Mosquitto broker, string user, string? password = null)
    {
        var subscriber = new Subscriber();
        subscriber._client.ApplicationMessageReceivedAsync += e =>
        {
            subscriber.Messages.Enqueue((e.ApplicationMessage.Topic, System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload), e.ApplicationMessage.Retain));
            return Task.CompletedTask;
        };
        var result = await subscriber._client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", broker.Port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId("test-" + user + "-" + Guid.NewGuid().ToString("N")[..6])
            .WithCredentials(user, password ?? Mosquitto.PasswordOf(user))
            .Build());
        return (subscriber, result.ResultCode);
    }

    public async Task SubscribeAsync(string filter)
    {
        var result = await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce).Build());
        Assert.All(result.Items, i => Assert.True((int)i.ResultCode <= 2, $"subscription to {filter}: {i.ResultCode}"));
    }

    public Task<MqttClientPublishResult> PublishAsync(string topic, byte[] payload) =>
        _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }
        _client.Dispose();
    }
}
