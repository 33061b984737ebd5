using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Edge.Cli.Cli;
using Edge.Cli.Fleet;
using Edge.Cli.Settings;
using Edge.Host.Fleet.Broker;
using Edge.Host.Fleet.Fleet;
using Edge.Host.Sources;

namespace Edge.Cli.Verbs;

/// <summary>
/// <c>edge fleet list|watch|send|merge</c>: the boards that report to a broker (docs/fleet.md) — their
/// retained status, live metrics, commands to one board, and merging what boards learned by
/// federated averaging. Exit 3 when the broker is unreachable, 2 when it refuses the login.
/// </summary>
internal static class FleetVerb
{
    public static Command Create()
    {
        var command = new Command("fleet",
            "The boards that report to an MQTT 5 broker (edge run --fleet URL; docs/fleet.md): 'list' their status, 'watch' them live, " +
            "'send' a command to one, 'merge' what boards learned (federated averaging over the broker). " +
            "The password is read from EDGE_FLEET_PASSWORD. Exit 3: broker unreachable; 2: login refused.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Watch());
        command.Subcommands.Add(Send());
        command.Subcommands.Add(Merge());
        return command;
    }

    private static Command List()
    {
        var login = new FleetLogin();
        var wait = new Option<string>("--wait") { Description = "How long to collect the boards' retained status (default 2s).", DefaultValueFactory = _ => "2s" };
        var json = CommonOptions.Json();
        var command = new Command("list", "One line per board that ever reported to the broker: board, status (online/offline), network, weight seed, mode and the last metrics.")
        {
            wait, json,
        };
        login.AddTo(command);
        command.SetAction(parse =>
        {
            var time = Durations.Parse(parse.GetValue(wait)!, "--wait");
            var boards = Connected(login.Read(parse), async fleet =>
            {
                await Task.Delay(time).ConfigureAwait(false);
                return fleet.Boards;
            });
            var rows = boards.Select(BoardRow.Of).OrderBy(r => r.Board, StringComparer.Ordinal).ToList();
            if (parse.GetValue(json))
            {
                foreach (var row in rows)
                {
                    JsonLines.Write(row, FleetJsonRows.Default.BoardRow);
                }
            }
            else
            {
                Console.Out.Write(rows.Count == 0 ? "no board has reported to this broker\n" : BoardTable.Format(rows));
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Watch()
    {
        var login = new FleetLogin();
        var duration = new Option<string?>("--duration", "-d") { Description = "Stop after this time (default: until Ctrl-C)." };
        var json = CommonOptions.Json();
        var command = new Command("watch", "The boards live: a table redrawn as status and metrics arrive (--json: one line per status or metrics message).")
        {
            duration, json,
        };
        login.AddTo(command);
        command.SetAction(parse =>
        {
            var asJson = parse.GetValue(json);
            var limit = parse.GetValue(duration) is { } d ? Durations.Parse(d, "--duration") : (TimeSpan?)null;
            using var stop = new StopSignal(static _ => { });
            Connected(login.Read(parse), async fleet =>
            {
                var changed = 0;
                using var listening = fleet.Listen((topic, payload) =>
                {
                    if (asJson)
                    {
                        WriteJson(topic, payload);
                    }
                    Interlocked.Exchange(ref changed, 1);
                });
                await fleet.SubscribeAsync(FleetTopics.AllMetrics).ConfigureAwait(false);
                var clock = System.Diagnostics.Stopwatch.StartNew();
                while (!stop.Interrupted && (limit is null || clock.Elapsed < limit))
                {
                    if (!asJson && Interlocked.Exchange(ref changed, 0) == 1)
                    {
                        var table = BoardTable.Format(fleet.Boards.Select(BoardRow.Of));
                        Console.Out.Write(!Console.IsOutputRedirected ? "\u001b[H\u001b[2J" + table : table + "\n");
                    }
                    await Task.Delay(200).ConfigureAwait(false);
                }
                return 0;
            });
            return stop.Interrupted ? ExitCodes.Interrupted : ExitCodes.Ok;
        });
        return command;
    }

    private static Command Send()
    {
        var login = new FleetLogin();
        var board = new Argument<string>("board") { Description = "The board id." };
        var words = new Argument<string[]>("command") { Description = "The command: label NAME, label -, mode learn|infer, lr X, save, pull-weights.", Arity = ArgumentArity.OneOrMore };
        var wait = new Option<string>("--wait") { Description = "How long to wait for the board's answer (default 10s).", DefaultValueFactory = _ => "10s" };
        var json = CommonOptions.Json();
        var command = new Command("send", "Send a command to one board and print what became of it (exit 1 when the board refused it or did not answer).")
        {
            board, words, wait, json,
        };
        login.AddTo(command);
        command.SetAction(parse =>
        {
            var id = FleetTopics.CheckBoardId(parse.GetValue(board), "board");
            var text = string.Join(' ', parse.GetValue(words)!);
            var time = Durations.Parse(parse.GetValue(wait)!, "--wait");
            var reply = Connected(login.Read(parse), fleet => fleet.SendAsync(id, text, time));
            if (reply is null)
            {
                throw new TimeoutException($"board {id} did not answer within {time.TotalSeconds:0.#} s (is it online? 'edge fleet list')");
            }
            if (parse.GetValue(json))
            {
                JsonLines.Write(new CommandRow("command", id, reply.Command, reply.Ok, reply.Error), FleetJsonRows.Default.CommandRow);
            }
            else
            {
                Console.Out.WriteLine(reply.Ok ? $"{id}: {reply.Command}: ok" : $"{id}: {reply.Command}: refused: {reply.Error}");
            }
            return reply.Ok ? ExitCodes.Ok : ExitCodes.CheckFailed;
        });
        return command;
    }

    private static Command Merge()
    {
        var login = new FleetLogin();
        var boards = new Option<string>("--boards") { Description = "The boards to merge, comma-separated (the first that answers is the reference).", Required = true };
        var weights = new Option<string>("--weights") { Description = "samples (default: each board by the windows it learned since its last merge) or equal.", DefaultValueFactory = _ => "samples" };
        weights.AcceptOnlyFromAmong("samples", "equal");
        var wait = new Option<string>("--wait") { Description = "How long to wait for each board (default 30s).", DefaultValueFactory = _ => "30s" };
        var json = CommonOptions.Json();
        var command = new Command("merge",
            "Merge what boards learned: pulls each board's weights over the broker, averages those that started from the same weight seed " +
            "with the same network and classes (federated averaging) and pushes the result back; the others are named and skipped. " +
            "Each board keeps its optimizer moments. Exit 1 when fewer than two boards merged or one refused the result.")
        {
            boards, weights, wait, json,
        };
        login.AddTo(command);
        command.SetAction(parse =>
        {
            var names = parse.GetValue(boards)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (names.Length < 2 || names.Distinct(StringComparer.Ordinal).Count() != names.Length)
            {
                throw new UserInputException($"--boards '{parse.GetValue(boards)}': name at least two different boards, comma-separated");
            }
            foreach (var name in names)
            {
                FleetTopics.CheckBoardId(name, "--boards");
            }
            var weighting = parse.GetValue(weights) == "equal" ? MergeWeighting.Equal : MergeWeighting.Samples;
            var time = Durations.Parse(parse.GetValue(wait)!, "--wait");
            var result = Connected(login.Read(parse), async fleet =>
            {
                await Task.Delay(300).ConfigureAwait(false); // the retained status of each board arrives
                return await FleetMerge.RunAsync(fleet, names, weighting, time).ConfigureAwait(false);
            });
            var summary = new MergeSummaryRow("merge", result.Set, result.Rows.Count(r => r.Outcome == "merged"), result.Rows.Count(r => r.Outcome == "skipped"),
                result.Rows.Count(r => r.Outcome == "refused"), weighting == MergeWeighting.Equal ? "equal" : "samples", Math.Round(result.Seconds, 3));
            if (parse.GetValue(json))
            {
                foreach (var row in result.Rows)
                {
                    JsonLines.Write(MergeBoardRow.Of(row), FleetJsonRows.Default.MergeBoardRow);
                }
                JsonLines.Write(summary, FleetJsonRows.Default.MergeSummaryRow);
            }
            else
            {
                foreach (var row in result.Rows)
                {
                    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{row.Board}: {row.Outcome}{(row.Outcome == "merged" ? $" (weight {row.Weight:0.000}, {row.Samples} samples)" : "")}{(row.Reason is null ? "" : ": " + row.Reason)}"));
                }
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"merged {summary.Merged} boards into set {summary.Set ?? "-"} in {summary.Seconds:0.00} s ({summary.Skipped} skipped, {summary.Refused} refused)"));
            }
            return result.Merged ? ExitCodes.Ok : ExitCodes.CheckFailed;
        });
        return command;
    }

    /// <summary>Connects as the fleet, runs <paramref name="work"/> and disconnects.</summary>
    private static T Connected<T>(BrokerLogin login, Func<FleetClient, Task<T>> work) => Task.Run(async () =>
    {
        await using var fleet = await FleetClient.ConnectAsync(login).ConfigureAwait(false);
        return await work(fleet).ConfigureAwait(false);
    }).GetAwaiter().GetResult();

    private static void WriteJson(string topic, byte[] payload)
    {
        try
        {
            if (topic.EndsWith("/status", StringComparison.Ordinal) && JsonSerializer.Deserialize(payload, FleetJson.Default.BoardStatus) is { } status)
            {
                JsonLines.Write(BoardRow.Of(status) with { Kind = "status" }, FleetJsonRows.Default.BoardRow);
            }
            else if (topic.EndsWith("/metrics", StringComparison.Ordinal) && JsonSerializer.Deserialize(payload, FleetJson.Default.MetricsMessage) is { } metrics)
            {
                JsonLines.Write(new MetricsRow("metrics", metrics.Board, metrics.Metrics), FleetJsonRows.Default.MetricsRow);
            }
        }
        catch (JsonException)
        {
            // A payload this version does not read is left out.
        }
    }
}
