using System.CommandLine;
using System.Globalization;
using System.Text.Json.Serialization;
using Edge.Cli.Cli;
using Edge.Drivers.Formats;
using Edge.Drivers.Formats.Aedat2;
using Edge.Drivers.Formats.Nmnist;
using Edge.Runtime.Events;

namespace Edge.Cli.Verbs;

/// <summary><c>edge convert IN OUT</c>: rewrites an event file in another format.</summary>
internal static class ConvertVerb
{
    private const long NmnistTimeRange = 1L << 23;

    public static Command Create()
    {
        var input = new Argument<string>("in") { Description = "Event file to read (any format 'edge inspect' reads)." };
        var output = new Argument<string>("out") { Description = "File to write; its extension picks the format only when unambiguous (.aedat4, .dat)." };
        var format = InspectVerb.FormatOption("--format", "Output format: aedat4, aedat3, evt2, nmnist (also evt3, dat, aedat2). Required when OUT's extension is ambiguous (.raw, .bin, .aedat).");
        var inputFormat = InspectVerb.FormatOption("--input-format", "Read IN as this format instead of detecting it.");
        var crop = new Option<string?>("--crop") { Description = "Keep only the pixels x,y,w,h (e.g. 0,0,256,240) and move them to the origin." };
        var downscale = new Option<int>("--downscale") { Description = "Divide x and y by N (after cropping).", DefaultValueFactory = _ => 1 };
        var lenient = InspectVerb.LenientOption();
        var json = CommonOptions.Json();
        var command = new Command("convert",
            "Convert an event file to another format (aedat4, aedat3, evt2, evt3, dat, nmnist, aedat2). Timestamps are kept exactly; " +
            "EVT files record a time offset in their header when the times are absolute. Formats with small coordinates " +
            "(N-MNIST: 256x240) need --crop or --downscale for larger sensors.")
        {
            input, output, format, inputFormat, crop, downscale, lenient, json,
        };
        command.SetAction(parse =>
        {
            var inPath = parse.GetValue(input)!;
            var outPath = parse.GetValue(output)!;
            var target = InspectVerb.ParseFormat(parse.GetValue(format)) ?? EventFile.FormatForOutput(outPath)
                ?? throw new UserInputException(
                    $"cannot tell the output format from '{Path.GetFileName(outPath)}' ({Path.GetExtension(outPath)} is ambiguous or unknown): pass --format aedat4|aedat3|evt2|evt3|dat|nmnist|aedat2");
            if (parse.GetValue(downscale) < 1)
            {
                throw new UserInputException("--downscale must be 1 or more");
            }
            var transform = new EventTransform(ParseCrop(parse.GetValue(crop)), parse.GetValue(downscale));
            var options = new EventFileOptions { Format = InspectVerb.ParseFormat(parse.GetValue(inputFormat)), Lenient = parse.GetValue(lenient) };
            if (Path.GetFullPath(inPath) == Path.GetFullPath(outPath))
            {
                throw new UserInputException("IN and OUT are the same file");
            }
            var row = Convert(inPath, outPath, target, transform, options);
            if (parse.GetValue(json))
            {
                JsonLines.Write(row, ConvertJson.Default.ConvertRow);
            }
            else
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"edge: wrote {row.EventsOut:N0} of {row.EventsIn:N0} events to {outPath} ({row.Format}, {row.Width}x{row.Height}, {row.BytesWritten:N0} bytes)"));
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static ConvertRow Convert(string inPath, string outPath, EventFormat target, EventTransform transform, EventFileOptions options)
    {
        using var reader = EventFile.OpenRead(inPath, options);
        var geometry = OutputGeometry(inPath, reader, transform, options);
        CheckFits(target, geometry, transform);
        long eventsIn = 0;
        long? shift = null;
        var writer = EventFile.Create(outPath, target, geometry);
        try
        {
            InspectVerb.ReadAll(reader, "convert", events =>
            {
                eventsIn += events.Length;
                var kept = events[..transform.Apply(events)];
                if (kept.IsEmpty)
                {
                    return;
                }
                shift ??= target == EventFormat.Nmnist ? NmnistShift(kept[0].T) : 0;
                if (shift != 0)
                {
                    Shift(kept, shift.Value);
                }
                writer.Write(kept);
            });
            writer.Complete();
            writer.Dispose();
        }
        catch (Exception ex)
        {
            DiscardPartial(writer, outPath);
            if (ex is ArgumentOutOfRangeException)
            {
                throw new UserInputException($"{target.ToName()} cannot hold this recording: {ex.Message}", ex);
            }
            throw;
        }
        InspectVerb.ReportSalvage(reader);
        return new ConvertRow(reader.Format.ToName(), target.ToName(), geometry.Width, geometry.Height, eventsIn,
            writer.EventsWritten, new FileInfo(outPath).Length, reader.Salvage.BytesSkipped, -(shift ?? 0));
    }

    /// <summary>The geometry events will have on output; scans the input when its format does not say.</summary>
    private static SensorGeometry OutputGeometry(string inPath, EventFileReader reader, EventTransform transform, EventFileOptions options)
    {
        var input = reader.Geometry;
        if (input is null)
        {
            // The format does not carry the sensor size: take the extent of the events.
            using var scan = EventFile.OpenRead(inPath, options);
            var stats = new EventStatistics();
            InspectVerb.ReadAll(scan, "scan", events => stats.Add(events));
            input = stats.Extent ?? new SensorGeometry(1, 1);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"edge: {Path.GetFileName(inPath)} does not record its sensor size; using the events' extent {input}"));
        }
        if (transform.Crop is { } c && (c.X + c.Width > input.Value.Width || c.Y + c.Height > input.Value.Height))
        {
            throw new UserInputException(string.Create(CultureInfo.InvariantCulture,
                $"--crop {c.X},{c.Y},{c.Width},{c.Height} reaches outside the {input} sensor"));
        }
        return transform.Apply(input.Value);
    }

    private static void CheckFits(EventFormat target, SensorGeometry geometry, EventTransform transform)
    {
        var hint = transform.IsIdentity ? " (use --crop x,y,w,h or --downscale N)" : "";
        var problem = target switch
        {
            EventFormat.Nmnist when !NmnistWriter.Fits(geometry) =>
                $"N-MNIST's 8-bit x/y hold at most {NmnistWriter.MaxWidth}x{NmnistWriter.MaxHeight} pixels, not {geometry}",
            EventFormat.Aedat2 when Aedat2Writer.ChipFor(geometry) is null =>
                $"AEDAT 2.0 needs a jAER chip size (128x128, 240x180, 346x260, 640x480), not {geometry}",
            EventFormat.Evt2 or EventFormat.Evt3 when geometry.Width > 2048 || geometry.Height > 2048 =>
                $"EVT x/y hold at most 2048x2048 pixels, not {geometry}",
            _ => null,
        };
        if (problem is not null)
        {
            throw new UserInputException(problem + hint);
        }
    }

    /// <summary>N-MNIST has no header for a time offset: recordings not starting within 2^23 µs start at 0.</summary>
    private static long NmnistShift(long first)
    {
        if (first is >= 0 and < NmnistTimeRange)
        {
            return 0;
        }
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"edge: N-MNIST stores times from 0 and has no header for an offset: shifting every timestamp by {-first} µs"));
        return first;
    }

    private static void Shift(Span<DvsEvent> events, long shift)
    {
        foreach (ref var e in events)
        {
            e = new DvsEvent(e.T - shift, e.X, e.Y, e.P);
        }
    }

    private static PixelRect? ParseCrop(string? text)
    {
        if (text is null)
        {
            return null;
        }
        var parts = text.Split(',');
        var values = new int[4];
        var valid = parts.Length == 4;
        for (var i = 0; valid && i < 4; i++)
        {
            valid = int.TryParse(parts[i].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out values[i]);
        }
        if (!valid || values[2] <= 0 || values[3] <= 0)
        {
            throw new UserInputException($"--crop '{text}': expected x,y,w,h with non-negative integers and a positive size");
        }
        return new PixelRect(values[0], values[1], values[2], values[3]);
    }

    private static void DiscardPartial(EventFileWriter writer, string path)
    {
        try
        {
            writer.Dispose();
        }
        catch (Exception ex) when (ex is IOException or ArgumentException)
        {
            // The partial file is deleted below either way.
        }
        File.Delete(path);
    }
}

internal sealed record ConvertRow(
    string InputFormat,
    string Format,
    int Width,
    int Height,
    long EventsIn,
    long EventsOut,
    long BytesWritten,
    long BytesSkipped,
    long TimeShiftUs);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ConvertRow))]
internal sealed partial class ConvertJson : JsonSerializerContext;
