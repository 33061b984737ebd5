using System.Collections.Concurrent;
using Edge.Host.Fleet.Broker;
using Edge.Host.Fleet.Weights;
using MQTTnet;
using MQTTnet.Protocol;

namespace Edge.Host.Fleet.Fleet;

/// <summary>
/// The fleet's side of the broker (<c>edge fleet …</c>): keeps the boards' retained status, sends
/// commands and waits for their results, pulls and pushes weight sets. Log in as a user allowed to
/// write <c>edge/+/cmd</c> and <c>edge/+/weights/in</c>.
/// </summary>
public sealed class FleetClient : IAsyncDisposable
{
    private readonly IMqttClient _client;
    private readonly ConcurrentDictionary<string, BoardStatus> _status = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly List<Action<string, byte[]>> _listeners = [];

    private FleetClient(IMqttClient client) => _client = client;

    /// <summary>Connects and subscribes to every board's status.</summary>
    /// <exception cref="BrokerException">The broker is unreachable or refused the login.</exception>
    public static async Task<FleetClient> ConnectAsync(BrokerLogin login, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(login);
        var client = BrokerConnection.CreateClient();
        var fleet = new FleetClient(client);
        client.ApplicationMessageReceivedAsync += fleet.OnMessage;
        try
        {
            var id = "edge-fleet-" + WeightChunk.IdText(WeightChunk.NewId())[..8];
            await BrokerConnection.ConnectAsync(client, BrokerConnection.Options(login, id), login.Address, cancel).ConfigureAwait(false);
            await fleet.SubscribeAsync(FleetTopics.AllStatus, cancel).ConfigureAwait(false);
        }
        catch
        {
            client.Dispose();
            throw;
        }
        return fleet;
    }

    /// <summary>The latest status of every board seen so far.</summary>
    public IReadOnlyCollection<BoardStatus> Boards => [.. _status.Values];

    /// <summary>The latest status of <paramref name="board"/>, or null.</summary>
    public BoardStatus? StatusOf(string board) => _status.GetValueOrDefault(board);

    /// <summary>Calls <paramref name="listener"/> with every message that arrives (topic, payload) until the returned handle is disposed.</summary>
    public IDisposable Listen(Action<string, byte[]> listener)
    {
        lock (_gate)
        {
            _listeners.Add(listener);
        }
        return new Unlisten(this, listener);
    }

    /// <summary>Subscribes to <paramref name="filter"/> (QoS 1).</summary>
    public async Task SubscribeAsync(string filter, CancellationToken cancel = default)
    {
        var result = await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce).Build(), cancel).ConfigureAwait(false);
        foreach (var item in result.Items)
        {
            if ((int)item.ResultCode > 2)
            {
                throw new BrokerException(BrokerFailure.Refused, $"the broker refused the subscription to {filter} ({item.ResultCode}): check its ACL");
            }
        }
    }

    /// <summary>
    /// Sends <paramref name="command"/> to <paramref name="board"/> and waits for the board's status to
    /// report it; null when no answer came within <paramref name="wait"/>.
    /// </summary>
    /// <exception cref="BrokerException">The broker refused the command (PUBACK, e.g. 0x87 without the rights).</exception>
    public async Task<CommandReply?> SendAsync(string board, string command, TimeSpan wait, CancellationToken cancel = default)
    {
        var id = WeightChunk.IdText(WeightChunk.NewId());
        var answered = new TaskCompletionSource<CommandReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listening = Listen((topic, _) =>
        {
            if (topic == FleetTopics.Status(board) && StatusOf(board)?.LastCommand is { } reply && reply.Id == id)
            {
                answered.TrySetResult(reply);
            }
        });
        Publishing.Check(FleetTopics.Command(board), await Publishing.JsonAsync(_client, FleetTopics.Command(board), new CommandMessage(FleetMessages.Version, id, command),
            FleetJson.Default.CommandMessage, false, MqttQualityOfServiceLevel.AtLeastOnce, cancel).ConfigureAwait(false));
        return await Wait(answered.Task, wait, cancel).ConfigureAwait(false);
    }

    /// <summary>Asks <paramref name="board"/> for its weights (pull-weights) and receives the set; null when none came within <paramref name="wait"/>.</summary>
    /// <exception cref="BrokerException">The broker refused a subscription or the command.</exception>
    /// <exception cref="InvalidDataException">The board sent a set that does not add up (one line).</exception>
    public async Task<WeightSet?> PullAsync(string board, TimeSpan wait, Action<int>? chunk = null, CancellationToken cancel = default)
    {
        var set = WeightChunk.IdText(WeightChunk.NewId());
        var received = new TaskCompletionSource<WeightSet>(TaskCreationOptions.RunContinuationsAsynchronously);
        var assembler = new WeightAssembler(m => string.Equals(m.Set, set, StringComparison.OrdinalIgnoreCase) ? null : $"not the set asked for ({set})");
        var topic = FleetTopics.WeightsOut(board);
        using var listening = Listen((t, payload) =>
        {
            if (t != topic)
            {
                return;
            }
            lock (assembler)
            {
                var step = assembler.Add(payload);
                if (step.Set == set && step.Error is { } error)
                {
                    received.TrySetException(new InvalidDataException($"board {board}: {error}"));
                }
                if (step.Complete is { } complete)
                {
                    received.TrySetResult(complete);
                }
                else if (step.Error is null && WeightChunk.IsChunk(payload))
                {
                    chunk?.Invoke(payload.Length);
                }
            }
        });
        await SubscribeAsync(topic, cancel).ConfigureAwait(false);
        var reply = await SendAsync(board, "pull-weights " + set, wait, cancel).ConfigureAwait(false);
        if (reply is { Ok: false })
        {
            throw new InvalidDataException($"board {board}: {reply.Error}");
        }
        return reply is null ? null : await Wait(received.Task, wait, cancel).ConfigureAwait(false);
    }

    /// <summary>
    /// Pushes <paramref name="set"/> to <paramref name="board"/> (push-weights, then the set on
    /// weights/in) and waits for the board to say whether it took it; null without an answer.
    /// </summary>
    /// <exception cref="BrokerException">The broker refused a message.</exception>
    public async Task<WeightsReply?> PushAsync(string board, WeightSet set, TimeSpan wait, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        var announced = await SendAsync(board, "push-weights " + set.Manifest.Set, wait, cancel).ConfigureAwait(false);
        if (announced is not { Ok: true })
        {
            return announced is null ? null : new WeightsReply(set.Manifest.Set, false, announced.Error);
        }
        var taken = new TaskCompletionSource<WeightsReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listening = Listen((topic, _) =>
        {
            if (topic == FleetTopics.Status(board) && StatusOf(board)?.LastWeights is { } reply && reply.Set == set.Manifest.Set)
            {
                taken.TrySetResult(reply);
            }
        });
        await Publishing.WeightSetAsync(_client, FleetTopics.WeightsIn(board), set.Manifest, set.Values, cancel).ConfigureAwait(false);
        return await Wait(taken.Task, wait, cancel).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException)
            {
                // Gone already.
            }
        }
        _client.Dispose();
    }

    private static async Task<T?> Wait<T>(Task<T> task, TimeSpan wait, CancellationToken cancel) where T : class
    {
        try
        {
            return await task.WaitAsync(wait, cancel).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    private Task OnMessage(MqttApplicationMessageReceivedEventArgs e)
    {
        var topic = e.ApplicationMessage.Topic;
        var payload = System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload);
        if (topic.EndsWith("/status", StringComparison.Ordinal) && FleetTopics.BoardOf(topic) is { } board && payload.Length > 0)
        {
            // A status this version does not read leaves the board out.
            if (FleetMessages.ReadStatus(payload) is { } status)
            {
                _status[board] = status;
            }
        }
        Action<string, byte[]>[] listeners;
        lock (_gate)
        {
            listeners = [.. _listeners];
        }
        foreach (var listener in listeners)
        {
            listener(topic, payload);
        }
        return Task.CompletedTask;
    }

    private sealed class Unlisten(FleetClient fleet, Action<string, byte[]> listener) : IDisposable
    {
        public void Dispose()
        {
            lock (fleet._gate)
            {
                fleet._listeners.Remove(listener);
            }
        }
    }
}
