using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Serialization;
using Edge.Cli.Cli;
using Edge.Host.Sources;
using Edge.Drivers.Formats;
using Edge.Runtime.Events;

namespace Edge.Cli.Verbs;

/// <summary><c>edge record</c>: records any source (a live camera, the simulator, a file) into an event file.</summary>
internal static class RecordVerb
{
    public static Command Create()
    {
        var source = new Option<string>("--source", "-s")
        {
            Description = "What to record: " + SourceRegistry.Default.Usage + ".",
            Required = true,
        };
        var output = new Option<string>("--out", "-o") { Description = "Event file to write.", Required = true };
        var format = new Option<string?>("--format")
        {
            Description = "Output format: " + string.Join(", ", EventFormatNames.All) + ". Needed when --out's extension is ambiguous (.raw, .aedat, .bin).",
        };
        format.AcceptOnlyFromAmong([.. EventFormatNames.All]);
        var duration = new Option<string?>("--duration", "-d")
        {
            Description = "Stop after this wall-clock time: 500ms, 20s, 5m, 2h. Default: until the source ends or Ctrl-C.",
        };
        var ring = new Option<int>("--ring")
        {
            Description = "Events buffered between a live camera and the writer; when the disk falls behind, newer events are dropped and counted.",
            DefaultValueFactory = _ => 1 << 20,
        }.Within(1, OptionRanges.MaxRing, "events");
        var json = CommonOptions.Json();

        var command = new Command("record",
            "Record a source into an event file. Stops at the end of the source, after --duration, or on Ctrl-C/SIGTERM; " +
            "the file is always completed. Reports events written and events dropped.")
        {
            source, output, format, duration, ring, json,
        };
        command.SetAction(parse =>
        {
            var request = new Request(
                parse.GetValue(source)!,
                parse.GetValue(output)!,
                parse.GetValue(format),
                parse.GetValue(duration) is { } d ? Durations.Parse(d, "--duration") : null,
                parse.GetValue(ring));
            var row = Record(request);
            if (parse.GetValue(json))
            {
                JsonLines.Write(row, RecordJson.Default.RecordRow);
            }
            else
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"edge: recorded {row.Events:N0} events in {row.Seconds:0.###} s from {row.Source} to {row.Out} ({row.Format}, {row.Bytes:N0} bytes); {row.Dropped:N0} dropped"));
            }
            return row.Interrupted ? ExitCodes.Interrupted : ExitCodes.Ok;
        });
        return command;
    }

    private static RecordRow Record(Request request)
    {
        if (request.RingCapacity <= 0)
        {
            throw new UserInputException("--ring must be a positive number of events");
        }
        var target = (request.Format is { } name && EventFormatNames.TryParse(name, out var parsed) ? parsed : (EventFormat?)null)
            ?? EventFile.FormatForOutput(request.Out)
            ?? throw new UserInputException(
                $"cannot tell the output format from '{Path.GetFileName(request.Out)}': pass --format {string.Join("|", EventFormatNames.All)}");

        using var opened = SourceRegistry.Default.Open(request.Source, new SourceOptions { RingCapacity = request.RingCapacity });
        using var stop = new CancellationTokenSource();
        var interrupted = false;
        void Interrupt()
        {
            interrupted = true;
            stop.Cancel();
            opened.Interrupt();
        }
        void OnCancelKey(object? sender, ConsoleCancelEventArgs e)
        {
            e.Cancel = true; // finish the file, then exit 130
            Interrupt();
        }
        Console.CancelKeyPress += OnCancelKey;
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            Interrupt();
        });
        using var timer = request.Duration is { } limit
            ? new Timer(_ =>
            {
                stop.Cancel();
                opened.Interrupt();
            }, null, limit, Timeout.InfiniteTimeSpan)
            : null;

        var writer = CreateWriter(request.Out, target, opened.Geometry);
        var clock = Stopwatch.StartNew();
        try
        {
            var buffer = new DvsEvent[1 << 14];
            var total = request.Duration?.TotalSeconds ?? 0;
            ProgressBar.Run($"record {request.Source}", total, bar =>
            {
                int n;
                while (!stop.IsCancellationRequested && (n = opened.Events.Read(buffer)) > 0)
                {
                    writer.Write(buffer.AsSpan(0, n));
                    bar.Report(Math.Min(clock.Elapsed.TotalSeconds, total),
                        string.Create(CultureInfo.InvariantCulture, $"{writer.EventsWritten:N0} events, {opened.Health.EventsDropped:N0} dropped"));
                }
                return 0;
            });
            writer.Complete();
        }
        catch (ArgumentOutOfRangeException ex)
        {
            writer.Dispose();
            File.Delete(request.Out);
            throw new UserInputException($"{target.ToName()} cannot hold events from {request.Source}: {ex.Message.ReplaceLineEndings(" ")}", ex);
        }
        finally
        {
            Console.CancelKeyPress -= OnCancelKey;
            writer.Dispose();
        }
        return new RecordRow
        {
            Source = request.Source,
            Out = request.Out,
            Format = target.ToName(),
            Events = writer.EventsWritten,
            Dropped = opened.Health.EventsDropped,
            Seconds = clock.Elapsed.TotalSeconds,
            Bytes = new FileInfo(request.Out).Length,
            Interrupted = interrupted,
        };
    }

    private static EventFileWriter CreateWriter(string path, EventFormat format, SensorGeometry? geometry)
    {
        try
        {
            return EventFile.Create(path, format, geometry);
        }
        catch (ArgumentException ex)
        {
            File.Delete(path); // created empty before the writer refused
            throw new UserInputException($"cannot write {format.ToName()}: {ex.Message.ReplaceLineEndings(" ")}", ex);
        }
    }

    private sealed record Request(string Source, string Out, string? Format, TimeSpan? Duration, int RingCapacity);
}

/// <summary>The summary of one recording.</summary>
internal sealed record RecordRow
{
    public string Kind { get; init; } = "record";

    public required string Source { get; init; }

    public required string Out { get; init; }

    public required string Format { get; init; }

    public long Events { get; init; }

    public long Dropped { get; init; }

    public double Seconds { get; init; }

    public long Bytes { get; init; }

    public bool Interrupted { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(RecordRow))]
internal sealed partial class RecordJson : JsonSerializerContext;
