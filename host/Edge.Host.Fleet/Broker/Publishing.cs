using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Edge.Host.Fleet.Weights;
using MQTTnet;
using MQTTnet.Protocol;

namespace Edge.Host.Fleet.Broker;

/// <summary>Publishing the fleet's messages: JSON payloads and weight sets (a manifest, then the chunks).</summary>
internal static class Publishing
{
    /// <summary>Publishes <paramref name="value"/> as JSON; returns the broker's answer (QoS 1: its PUBACK reason).</summary>
    public static Task<MqttClientPublishResult> JsonAsync<T>(IMqttClient client, string topic, T value, JsonTypeInfo<T> type, bool retain,
        MqttQualityOfServiceLevel qos, CancellationToken cancel) =>
        client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(JsonSerializer.SerializeToUtf8Bytes(value, type))
            .WithContentType("application/json")
            .WithRetainFlag(retain)
            .WithQualityOfServiceLevel(qos)
            .Build(), cancel);

    /// <summary>
    /// Publishes a weight set on <paramref name="topic"/>: the manifest, then every chunk (QoS 1).
    /// Returns the number of messages sent.
    /// </summary>
    /// <exception cref="BrokerException">The broker refused a message (its PUBACK reason is named).</exception>
    public static async Task<int> WeightSetAsync(IMqttClient client, string topic, WeightManifest manifest, ReadOnlyMemory<float> values, CancellationToken cancel)
    {
        if (!WeightChunk.TryParseId(manifest.Set, out var set))
        {
            throw new ArgumentException($"set id '{manifest.Set}' is not hex", nameof(manifest));
        }
        Check(topic, await JsonAsync(client, topic, manifest, FleetJson.Default.WeightManifest, false, MqttQualityOfServiceLevel.AtLeastOnce, cancel).ConfigureAwait(false));
        for (var i = 0; i < manifest.Chunks; i++)
        {
            var payload = WeightChunk.Encode(set, i, manifest.Chunks, MemoryMarshal.AsBytes(values.Span));
            Check(topic, await client.PublishAsync(new MqttApplicationMessageBuilder()
                .WithTopic(topic)
                .WithPayload(payload)
                .WithContentType("application/octet-stream")
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build(), cancel).ConfigureAwait(false));
        }
        return 1 + manifest.Chunks;
    }

    /// <summary>Throws when the broker did not take a QoS 1 message (for example 0x87, not authorized by its ACL).</summary>
    /// <exception cref="BrokerException">The broker's PUBACK says it was not taken.</exception>
    public static void Check(string topic, MqttClientPublishResult result)
    {
        if (!result.IsSuccess && result.ReasonCode != MqttClientPublishReasonCode.NoMatchingSubscribers)
        {
            throw new BrokerException(BrokerFailure.Refused, System.FormattableString.Invariant(
                $"the broker did not take a message on {topic}: PUBACK 0x{(int)result.ReasonCode:x2} ({result.ReasonCode})"))
            {
                ReasonCode = (int)result.ReasonCode,
            };
        }
    }
}
