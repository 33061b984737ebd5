using System.Collections.Concurrent;
using System.Text.Json;
using Edge.Host.Fleet.Broker;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;

namespace Edge.Host.Fleet.Board;

public sealed partial class FleetBoard
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);
    private readonly ConcurrentQueue<Func<Task>> _jobs = new();
    private IMqttClient? _client;
    private volatile bool _statusDirty = true;
    private Runs.RunMetricsRow? _lastMetrics;

    /// <summary>
    /// The worker: connects (and reconnects, the wait doubling up to <see cref="FleetBoardOptions.MaxBackoff"/>,
    /// warning once per outage), then every tick runs the jobs the broker's messages made and publishes
    /// what the run left in the slots. Ends with the offline status when the board is disposed.
    /// </summary>
    private async Task WorkAsync()
    {
        var backoff = TimeSpan.FromMilliseconds(500);
        var warned = false;
        var connectedOnce = false;
        var batch = new List<Runs.RunMetricsRow>();
        var jitter = new Random(_options.BoardId.GetHashCode(StringComparison.Ordinal));
        while (!_stop.IsCancellationRequested)
        {
            if (_client is not { IsConnected: true })
            {
                if (connectedOnce && !warned)
                {
                    BoardLog.Lost(_log, _broker);
                    warned = true;
                }
                try
                {
                    await ConnectAsync().ConfigureAwait(false);
                    BoardLog.Connected(_log, _broker);
                    backoff = TimeSpan.FromMilliseconds(500);
                    warned = false;
                    connectedOnce = true;
                    _statusDirty = true;
                }
                catch (BrokerException ex)
                {
                    if (!warned)
                    {
                        BoardLog.Unreachable(_log, ex.Message);
                        warned = true;
                    }
                    await Pause(backoff * (0.8 + (0.4 * jitter.NextDouble()))).ConfigureAwait(false);
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
                    continue;
                }
            }
            try
            {
                await PumpAsync(batch).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is MqttCommunicationException or InvalidOperationException or IOException or BrokerException)
            {
                // The connection went away mid-publish (counted as unsent); the next round reconnects.
                if (ex is BrokerException refused)
                {
                    BoardLog.Problem(_log, refused.Message);
                }
            }
            await Pause(Tick).ConfigureAwait(false);
        }
        await GoOfflineAsync().ConfigureAwait(false);
    }

    private async Task Pause(TimeSpan time)
    {
        try
        {
            await Task.Delay(time, _stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Disposal: the loop ends.
        }
    }

    private async Task ConnectAsync()
    {
        _client?.Dispose();
        var client = BrokerConnection.CreateClient();
        client.ApplicationMessageReceivedAsync += OnMessage;
        var will = JsonSerializer.SerializeToUtf8Bytes(Status("offline"), FleetJson.Default.BoardStatus);
        var options = BrokerConnection.Options(_options.Login, "edge-board-" + _options.BoardId, (FleetTopics.Status(_options.BoardId), will));
        _client = client;
        await BrokerConnection.ConnectAsync(client, options, _options.Login.Address, _stop.Token).ConfigureAwait(false);
        var subscribed = await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(FleetTopics.Command(_options.BoardId), MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter(FleetTopics.WeightsIn(_options.BoardId), MqttQualityOfServiceLevel.AtLeastOnce)
            .Build(), _stop.Token).ConfigureAwait(false);
        foreach (var item in subscribed.Items)
        {
            if ((int)item.ResultCode > 2)
            {
                BoardLog.Problem(_log, $"the broker refused the subscription to {item.TopicFilter.Topic} ({item.ResultCode}): check its ACL");
            }
        }
    }

    /// <summary>One round: the jobs, the queued metrics (oldest first), the latest prediction, the status when it changed.</summary>
    private async Task PumpAsync(List<Runs.RunMetricsRow> batch)
    {
        var client = _client!;
        while (_jobs.TryDequeue(out var job))
        {
            await job().ConfigureAwait(false);
        }
        if (Assembler.Expire(_options.SetTimeout) is { } stalled)
        {
            RefuseWeights(_expectedSet ?? "?", stalled);
        }
        batch.Clear();
        TakeMetrics(batch);
        for (var i = 0; i < batch.Count; i++)
        {
            try
            {
                await Publishing.JsonAsync(client, FleetTopics.Metrics(_options.BoardId), new MetricsMessage(FleetMessages.Version, _options.BoardId, batch[i]),
                    FleetJson.Default.MetricsMessage, false, MqttQualityOfServiceLevel.AtLeastOnce, _stop.Token).ConfigureAwait(false);
                _lastMetrics = batch[i];
                _statusDirty = true;
            }
            catch (Exception ex) when (ex is MqttCommunicationException or InvalidOperationException or OperationCanceledException)
            {
                CountUnsent(batch.Count - i);
                throw new MqttCommunicationException("the connection went away", ex);
            }
        }
        if (TakePrediction(out var p))
        {
            try
            {
                await Publishing.JsonAsync(client, FleetTopics.Predictions(_options.BoardId), Prediction(p), FleetJson.Default.PredictionMessage, false,
                    MqttQualityOfServiceLevel.AtMostOnce, _stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is MqttCommunicationException or InvalidOperationException or OperationCanceledException)
            {
                CountUnsent();
                throw new MqttCommunicationException("the connection went away", ex);
            }
        }
        if (_statusDirty)
        {
            _statusDirty = false;
            await Publishing.JsonAsync(client, FleetTopics.Status(_options.BoardId), Status("online"), FleetJson.Default.BoardStatus, true,
                MqttQualityOfServiceLevel.AtLeastOnce, _stop.Token).ConfigureAwait(false);
        }
    }

    /// <summary>The last status (retained offline) and a clean disconnect, so the will is not needed.</summary>
    private async Task GoOfflineAsync()
    {
        if (_client is not { IsConnected: true } client)
        {
            return;
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try
        {
            var batch = new List<Runs.RunMetricsRow>();
            TakeMetrics(batch);
            foreach (var row in batch)
            {
                await Publishing.JsonAsync(client, FleetTopics.Metrics(_options.BoardId), new MetricsMessage(FleetMessages.Version, _options.BoardId, row),
                    FleetJson.Default.MetricsMessage, false, MqttQualityOfServiceLevel.AtLeastOnce, timeout.Token).ConfigureAwait(false);
                _lastMetrics = row;
            }
            await Publishing.JsonAsync(client, FleetTopics.Status(_options.BoardId), Status("offline"), FleetJson.Default.BoardStatus, true,
                MqttQualityOfServiceLevel.AtLeastOnce, timeout.Token).ConfigureAwait(false);
            await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is MqttCommunicationException or InvalidOperationException or OperationCanceledException)
        {
            // The broker went away at the end: its will marks the board offline.
        }
    }

    private BoardStatus Status(string status)
    {
        var run = _run!;
        var metrics = _lastMetrics;
        return new BoardStatus
        {
            Board = _options.BoardId,
            Status = status,
            Network = run.Spec.Name,
            Signature = _weights!.Signature,
            WeightSeed = run.Network.Options.Seed,
            Classes = run.Classes,
            Software = HostInfo.Version,
            Mode = Runs.RunModes.Name(run.Mode),
            Labels = run.Labels.ToString(),
            Learned = Learned(run),
            Metrics = metrics,
            LastCommand = _lastCommand,
            LastWeights = _lastWeights,
            Unsent = Unsent,
            Time = DateTimeOffset.UtcNow,
        };
    }

    private PredictionMessage Prediction(in PendingPrediction p)
    {
        var classes = _run!.Classes;
        string? Name(int c) => (uint)c < (uint)classes.Count ? classes[c] : null;
        return new PredictionMessage
        {
            Board = _options.BoardId,
            TStartUs = p.StartUs,
            TEndUs = p.EndUs,
            Class = Name(p.Class) ?? "?",
            Confidence = p.Confidence,
            Label = Name(p.Label),
            Truth = Name(p.Truth),
            Learned = p.Learned,
            Windows = p.Windows,
        };
    }
}
