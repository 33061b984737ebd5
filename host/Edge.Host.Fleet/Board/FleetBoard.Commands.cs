using System.Buffers;
using Edge.Host.Fleet.Broker;
using Edge.Host.Fleet.Weights;
using Edge.Host.Teaching;
using MQTTnet;

namespace Edge.Host.Fleet.Board;

public sealed partial class FleetBoard
{
    private WeightAssembler? _assembler;
    private float[] _snapshot = [];
    private volatile string? _expectedSet;
    private volatile CommandReply? _lastCommand;
    private volatile WeightsReply? _lastWeights;
    private long _samplesAtReplace;

    private WeightAssembler Assembler => _assembler ??= new WeightAssembler(AcceptManifest);

    /// <summary>
    /// A message on the board's cmd or weights/in topic (on the client's thread): commands and
    /// complete sets become jobs for the worker, so nothing here waits for the broker.
    /// </summary>
    private Task OnMessage(MqttApplicationMessageReceivedEventArgs e)
    {
        var message = e.ApplicationMessage;
        var payload = message.Payload.IsSingleSegment ? message.Payload.FirstSpan : message.Payload.ToArray();
        if (message.Topic == FleetTopics.Command(_options.BoardId))
        {
            TakeCommand(payload);
        }
        else if (message.Topic == FleetTopics.WeightsIn(_options.BoardId))
        {
            TakeWeights(payload);
        }
        return Task.CompletedTask;
    }

    private void TakeCommand(ReadOnlySpan<byte> payload)
    {
        if (!FleetMessages.TryReadCommand(payload, out var id, out var text, out var error))
        {
            Reply(id, text, error);
            return;
        }
        text = text.Trim();
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var verb = space < 0 ? text : text[..space];
        var argument = space < 0 ? "" : text[(space + 1)..].Trim();
        switch (verb)
        {
            case "pull-weights" or "push-weights" when _run!.IsStopping:
                Reply(id, text, $"{verb}: the run is stopping");
                break;
            case "pull-weights":
                _jobs.Enqueue(() => SendWeightsAsync(id, text, argument));
                break;
            case "push-weights":
                if (!WeightChunk.TryParseId(argument, out _))
                {
                    Reply(id, text, "push-weights needs the id of the set that follows on weights/in (16 hex digits)");
                    return;
                }
                _expectedSet = argument;
                Reply(id, text, null);
                break;
            default:
                _ = PostAsync(id, text);
                break;
        }
    }

    /// <summary>A teach command goes to the run (origin fleet); its result becomes the status's last command.</summary>
    private async Task PostAsync(string? id, string text)
    {
        try
        {
            var result = await _run!.Post(text, "fleet").WaitAsync(TimeSpan.FromSeconds(30), _stop.Token).ConfigureAwait(false);
            Reply(id, text, result.Ok ? null : result.Error);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            Reply(id, text, "the run did not take the command (it has ended or is stopping)");
        }
    }

    /// <summary>pull-weights: copies the parameters between windows, then publishes them on weights/out.</summary>
    private async Task SendWeightsAsync(string? id, string text, string requested)
    {
        var run = _run!;
        ulong? set = WeightChunk.TryParseId(requested, out var wanted) ? wanted : null;
        long samples;
        try
        {
            samples = await run.InvokeBetweenWindows(() =>
            {
                _weights!.CopyTo(_snapshot);
                return Learned(run) - Interlocked.Read(ref _samplesAtReplace);
            }).WaitAsync(TimeSpan.FromSeconds(30), _stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or OperationCanceledException)
        {
            Reply(id, text, "pull-weights: the run has ended");
            return;
        }
        var manifest = WeightSet.Describe(_snapshot, _options.BoardId, run.Spec.Name, _weights!.SignatureText, run.Network.Options.Seed, run.Classes,
            Math.Max(0, samples), _weights.Tensors, set);
        try
        {
            var messages = await Publishing.WeightSetAsync(_client!, FleetTopics.WeightsOut(_options.BoardId), manifest, _snapshot, _stop.Token).ConfigureAwait(false);
            BoardLog.WeightsSent(_log, manifest.Set, messages);
            Reply(id, text, null);
        }
        catch (BrokerException ex)
        {
            Reply(id, text, "pull-weights: " + ex.Message);
        }
    }

    private void TakeWeights(ReadOnlySpan<byte> payload)
    {
        var step = Assembler.Add(payload);
        if (step.Error is { } error)
        {
            RefuseWeights(step.Set ?? "?", error);
        }
        if (step.Complete is { } set)
        {
            _expectedSet = null;
            _jobs.Enqueue(() => ApplyWeightsAsync(set));
        }
    }

    /// <summary>Checks a pushed set's manifest against this board before any chunk is kept.</summary>
    private string? AcceptManifest(WeightManifest manifest)
    {
        if (_expectedSet is not { } expected || !string.Equals(expected, manifest.Set, StringComparison.OrdinalIgnoreCase))
        {
            return $"it was not announced with push-weights {manifest.Set}";
        }
        return _weights!.Mismatch(manifest, _run!.Network.Options.Seed, _run.Classes);
    }

    /// <summary>Replaces the parameters between windows; the optimizer's moments and step count stay the board's own.</summary>
    private async Task ApplyWeightsAsync(WeightSet set)
    {
        var run = _run!;
        try
        {
            await run.InvokeBetweenWindows(() =>
            {
                _weights!.CopyFrom(set.Values);
                Interlocked.Exchange(ref _samplesAtReplace, Learned(run));
                return true;
            }).WaitAsync(TimeSpan.FromSeconds(30), _stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or OperationCanceledException)
        {
            RefuseWeights(set.Manifest.Set, "weights: the run has ended");
            return;
        }
        BoardLog.WeightsTaken(_log, set.Manifest.Set, set.Manifest.From, set.Manifest.Floats);
        _lastWeights = new WeightsReply(set.Manifest.Set, true, null);
        _statusDirty = true;
    }

    /// <summary>Windows learned over the learner's lifetime (its optimizer steps; 0 for a run started in inference mode).</summary>
    private static long Learned(Runs.OnlineRun run) => run.Learner?.Optimizer.Steps ?? 0;

    private void RefuseWeights(string set, string error)
    {
        BoardLog.WeightsRefused(_log, error);
        _lastWeights = new WeightsReply(set, false, error);
        _statusDirty = true;
    }

    private void Reply(string? id, string command, string? error)
    {
        if (error is not null && (command.StartsWith("pull-weights", StringComparison.Ordinal) || command.StartsWith("push-weights", StringComparison.Ordinal)))
        {
            BoardLog.Problem(_log, error);
        }
        _lastCommand = new CommandReply(id, command, error is null, error);
        _statusDirty = true;
    }
}
