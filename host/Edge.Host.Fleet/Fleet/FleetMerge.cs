using Edge.Host.Fleet.Broker;
using Edge.Host.Fleet.Weights;

namespace Edge.Host.Fleet.Fleet;

/// <summary>What became of one board in a merge.</summary>
/// <param name="Board">The board id.</param>
/// <param name="Outcome"><c>merged</c>, <c>skipped</c> (not pulled or not compatible) or <c>refused</c> (it kept its own weights).</param>
/// <param name="Weight">Its share of the average (0 when not merged).</param>
/// <param name="Samples">Windows it learned since its weights were last replaced, or 0.</param>
/// <param name="Reason">Why it was skipped or refused, or null.</param>
public sealed record MergeRow(string Board, string Outcome, double Weight, long Samples, string? Reason);

/// <summary>The outcome of a merge.</summary>
/// <param name="Set">The id of the pushed set, or null when nothing was pushed.</param>
/// <param name="Rows">One row per board asked for.</param>
/// <param name="Seconds">Wall-clock seconds from the first pull to the last answer.</param>
public sealed record MergeResult(string? Set, IReadOnlyList<MergeRow> Rows, double Seconds)
{
    /// <summary>True when at least two boards were averaged and every one of them took the result.</summary>
    public bool Merged => Set is not null && Rows.All(r => r.Outcome != "refused") && Rows.Count(r => r.Outcome == "merged") >= 2;
}

/// <summary>
/// Merges what boards learned: pulls each board's weights over the broker, keeps the boards that
/// started from the same initial weights (weight seed) with the same network signature and classes
/// as the first board that answered, averages them (<see cref="FederatedAverage"/>) and pushes the
/// result back to each. Only parameters travel: every board keeps its optimizer moments and step count.
/// </summary>
public static class FleetMerge
{
    /// <summary>Runs the merge.</summary>
    /// <param name="fleet">A connected fleet client.</param>
    /// <param name="boards">The boards to merge, in order (the first that answers is the reference).</param>
    /// <param name="weighting">How the boards count.</param>
    /// <param name="wait">How long to wait for each board's answer.</param>
    /// <param name="cancel">Cancels the merge.</param>
    /// <exception cref="BrokerException">The broker refused a message or a subscription.</exception>
    public static async Task<MergeResult> RunAsync(FleetClient fleet, IReadOnlyList<string> boards, MergeWeighting weighting, TimeSpan wait,
        CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(boards);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var pulls = new Task<WeightSet?>[boards.Count];
        for (var i = 0; i < boards.Count; i++)
        {
            pulls[i] = fleet.PullAsync(boards[i], wait, cancel: cancel);
        }
        var rows = new MergeRow?[boards.Count];
        var sets = new List<(int Index, WeightSet Set)>();
        WeightManifest? reference = null;
        for (var i = 0; i < boards.Count; i++)
        {
            WeightSet? set;
            try
            {
                set = await pulls[i].ConfigureAwait(false);
            }
            catch (InvalidDataException ex)
            {
                rows[i] = new MergeRow(boards[i], "skipped", 0, 0, ex.Message);
                continue;
            }
            if (set is null)
            {
                rows[i] = new MergeRow(boards[i], "skipped", 0, 0, fleet.StatusOf(boards[i]) is { Status: "online" }
                    ? $"board {boards[i]} did not send its weights within {wait.TotalSeconds:0.#} s"
                    : $"board {boards[i]} is {(fleet.StatusOf(boards[i])?.Status ?? "unknown to the broker")}");
                continue;
            }
            reference ??= set.Manifest;
            if (Incompatibility(set.Manifest, reference) is { } why)
            {
                rows[i] = new MergeRow(boards[i], "skipped", 0, set.Manifest.Samples, $"board {boards[i]}: {why}");
                continue;
            }
            sets.Add((i, set));
        }
        if (sets.Count < 2)
        {
            for (var k = 0; k < sets.Count; k++)
            {
                rows[sets[k].Index] = new MergeRow(boards[sets[k].Index], "skipped", 0, sets[k].Set.Manifest.Samples, "no other compatible board answered: nothing to merge with");
            }
            return new MergeResult(null, [.. rows.Select(r => r!)], clock.Elapsed.TotalSeconds);
        }
        var merged = Merge(sets.ConvertAll(s => s.Set), weighting, out var weights);
        var pushes = new Task<WeightsReply?>[sets.Count];
        for (var k = 0; k < sets.Count; k++)
        {
            pushes[k] = fleet.PushAsync(boards[sets[k].Index], merged, wait, cancel);
        }
        for (var k = 0; k < sets.Count; k++)
        {
            var (i, set) = sets[k];
            var reply = await pushes[k].ConfigureAwait(false);
            rows[i] = reply is { Ok: true }
                ? new MergeRow(boards[i], "merged", Math.Round(weights[k], 6), set.Manifest.Samples, null)
                : new MergeRow(boards[i], "refused", Math.Round(weights[k], 6), set.Manifest.Samples, reply?.Error ?? $"board {boards[i]} did not answer within {wait.TotalSeconds:0.#} s");
        }
        return new MergeResult(merged.Manifest.Set, [.. rows.Select(r => r!)], clock.Elapsed.TotalSeconds);
    }

    /// <summary>Why <paramref name="set"/> cannot be averaged with <paramref name="reference"/>, or null.</summary>
    public static string? Incompatibility(WeightManifest set, WeightManifest reference)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(reference);
        if (Runtime.Checkpoints.SpecSignature.FirstDifference(reference.Signature, set.Signature) is { } difference)
        {
            return $"network '{set.Network}' is not {reference.From}'s '{reference.Network}': {difference.Replace("this network", set.From, StringComparison.Ordinal)}";
        }
        if (set.WeightSeed != reference.WeightSeed)
        {
            return $"weight seed {set.WeightSeed}, {reference.From}'s is {reference.WeightSeed}: they did not start from the same weights";
        }
        if (!set.Classes.SequenceEqual(reference.Classes, StringComparer.Ordinal))
        {
            return $"classes [{string.Join(", ", set.Classes)}], {reference.From}'s are [{string.Join(", ", reference.Classes)}]";
        }
        return null;
    }

    /// <summary>The averaged set (new id, from <c>fleet</c>, samples summed) of compatible sets.</summary>
    internal static WeightSet Merge(IReadOnlyList<WeightSet> sets, MergeWeighting weighting, out double[] weights)
    {
        weights = FederatedAverage.Weights(sets, weighting);
        var mean = FederatedAverage.Average(sets, weights);
        var first = sets[0].Manifest;
        long samples = 0;
        foreach (var s in sets)
        {
            samples += s.Manifest.Samples;
        }
        return new WeightSet(WeightSet.Describe(mean, "fleet", first.Network, first.Signature, first.WeightSeed, first.Classes, samples, first.Tensors), mean);
    }
}
