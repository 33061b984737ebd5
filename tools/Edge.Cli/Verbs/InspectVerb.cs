using System.CommandLine;
using System.Globalization;
using System.Text.Json.Serialization;
using Edge.Cli.Cli;
using Edge.Drivers.Formats;
using Edge.Runtime.Events;

namespace Edge.Cli.Verbs;

/// <summary><c>edge inspect FILE</c>: decodes an event file and summarises it.</summary>
internal static class InspectVerb
{
    private const int ChunkEvents = 64 * 1024;

    // Files this small decode in well under a second: no progress bar.
    private const long ProgressFromBytes = 64L * 1024 * 1024;

    /// <summary>Receives each decoded chunk (it may compact the span; the reader does not look at it again).</summary>
    internal delegate void ChunkHandler(Span<DvsEvent> events);

    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "Event file: AEDAT 2/3.1/4, Prophesee EVT 2.0/3.0 RAW or DAT, N-MNIST .bin." };
        var json = CommonOptions.Json();
        var format = FormatOption("--format", "Read as this format instead of detecting it (" + string.Join(", ", EventFormatNames.All) + ").");
        var lenient = LenientOption();
        var command = new Command("inspect",
            "Decode an event file and print its format, sensor size, event count, time span, ON events and event rate. " +
            "Damage is an error (exit 2) unless --lenient, which skips it and reports what was skipped.")
        {
            file, json, format, lenient,
        };
        command.SetAction(parse =>
        {
            var options = new EventFileOptions { Format = ParseFormat(parse.GetValue(format)), Lenient = parse.GetValue(lenient) };
            var path = parse.GetValue(file)!;
            using var reader = EventFile.OpenRead(path, options);
            var stats = new EventStatistics();
            ReadAll(reader, "inspect", events => stats.Add(events));
            ReportSalvage(reader.Name, reader.Salvage);
            var row = new InspectRow(
                reader.Format.ToName(), reader.Geometry?.Width, reader.Geometry?.Height, stats.Count,
                stats.Count > 0 ? stats.FirstT : null, stats.Count > 0 ? stats.LastT : null, stats.OnCount, stats.RateHz,
                reader.Health.WordsSkipped, reader.Salvage.BytesSkipped, reader.Salvage.EventsSkipped, reader.Health.TimestampWraps,
                reader.Health.EventsOutOfOrder);
            if (parse.GetValue(json))
            {
                JsonLines.Write(row, InspectJson.Default.InspectRow);
            }
            else
            {
                Console.Out.WriteLine(Describe(path, row));
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Decodes the whole file chunk by chunk, with a progress bar on stderr for large files.</summary>
    internal static void ReadAll(EventFileReader reader, string verb, ChunkHandler handle)
    {
        var buffer = new DvsEvent[ChunkEvents];
        long events = 0;
        if (reader.Length is { } length && length < ProgressFromBytes)
        {
            int n;
            while ((n = reader.Read(buffer)) > 0)
            {
                handle(buffer.AsSpan(0, n));
            }
            return;
        }
        ProgressBar.Run($"{verb} {Path.GetFileName(reader.Name)}", reader.Length ?? 0, bar =>
        {
            int n;
            while ((n = reader.Read(buffer)) > 0)
            {
                events += n;
                handle(buffer.AsSpan(0, n));
                bar.Report(reader.Position, string.Create(CultureInfo.InvariantCulture, $"{events:N0} events"));
            }
            return 0;
        });
    }

    /// <summary>--format / --input-format: a format name.</summary>
    internal static Option<string?> FormatOption(string name, string description)
    {
        // Checked by ParseFormat, whose error is one line (AcceptOnlyFromAmong lists values one per line).
        return new Option<string?>(name) { Description = description };
    }

    /// <summary>--lenient: salvage damaged recordings.</summary>
    internal static Option<bool> LenientOption() => new("--lenient")
    {
        Description = "Salvage a damaged recording: resynchronise at the next valid packet or record, keep going and report what was skipped.",
    };

    internal static EventFormat? ParseFormat(string? name) =>
        name is null ? null
        : EventFormatNames.TryParse(name, out var format) ? format
        : throw new UserInputException($"unknown event format '{name}' (expected one of {string.Join(", ", EventFormatNames.All)})");

    /// <summary>One stderr line saying what lenient mode skipped, if anything.</summary>
    internal static void ReportSalvage(string name, SalvageLog salvage)
    {
        if (salvage.RegionCount == 0)
        {
            return;
        }
        var first = salvage.Regions[0];
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"edge: {name}: salvaged: skipped {salvage.BytesSkipped} bytes in {salvage.RegionCount} place(s), " +
            $"{salvage.EventsSkipped} event(s) known lost; first at byte {first.Offset} ({first.Reason})"));
        foreach (var region in salvage.Regions)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"edge:   byte {region.Offset}: {region.Bytes} bytes skipped ({region.Reason})"));
        }
    }

    private static string Describe(string path, InspectRow row)
    {
        var size = row.Width is null ? "unknown" : string.Create(CultureInfo.InvariantCulture, $"{row.Width}x{row.Height}");
        var span = row.TFirstUs is null ? "-" : string.Create(CultureInfo.InvariantCulture,
            $"{row.TFirstUs} … {row.TLastUs} µs ({(row.TLastUs - row.TFirstUs) / 1e6:0.######} s)");
        var share = row.Events > 0 ? (double)row.OnEvents / row.Events : 0;
        return string.Create(CultureInfo.InvariantCulture,
            $"""
            file        {path}
            format      {row.Format}
            sensor      {size}
            events      {row.Events:N0}
            time        {span}
            on events   {row.OnEvents:N0} ({share:P1})
            rate        {(row.RateHz is { } r ? $"{r:N0} ev/s" : "-")}
            skipped     {row.WordsSkipped:N0} words, {row.BytesSkipped:N0} damaged bytes, {row.TimestampWraps:N0} timestamp wraps
            out of order {row.EventsOutOfOrder:N0} events earlier than the event before them
            """);
    }
}

internal sealed record InspectRow(
    string Format,
    int? Width,
    int? Height,
    long Events,
    long? TFirstUs,
    long? TLastUs,
    long OnEvents,
    double? RateHz,
    long WordsSkipped,
    long BytesSkipped,
    long EventsSkipped,
    long TimestampWraps,
    long EventsOutOfOrder);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(InspectRow))]
internal sealed partial class InspectJson : JsonSerializerContext;
