using System.CommandLine;
using System.Globalization;
using System.Text.Json.Serialization;
using Edge.Cli.Cli;
using Edge.Drivers.Formats;
using Edge.Drivers.Formats.Conversion;
using Edge.Runtime.Events;

namespace Edge.Cli.Verbs;

/// <summary><c>edge convert IN OUT</c>: rewrites an event file in another format.</summary>
internal static class ConvertVerb
{
    public static Command Create()
    {
        var input = new Argument<string>("in") { Description = "Event file to read (any format 'edge inspect' reads)." };
        var output = new Argument<string>("out") { Description = "File to write; its extension picks the format only when unambiguous (.aedat4, .dat)." };
        var format = InspectVerb.FormatOption("--format", "Output format: aedat4, aedat3, evt2, nmnist (also evt3, dat, aedat2). Required when OUT's extension is ambiguous (.raw, .bin, .aedat).");
        var inputFormat = InspectVerb.FormatOption("--input-format", "Read IN as this format instead of detecting it.");
        var crop = new Option<string?>("--crop") { Description = "Keep only the pixels x,y,w,h (e.g. 0,0,256,240) and move them to the origin." };
        var downscale = new Option<int>("--downscale") { Description = "Divide x and y by N (after cropping).", DefaultValueFactory = _ => 1 }
            .Within(1, 65_535, "a divisor");
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
            var result = ProgressBar.Run($"convert {Path.GetFileName(inPath)}", new FileInfo(inPath).Length, bar =>
                EventConverter.Convert(inPath, outPath, target, transform, options, (position, _) => bar.Report(position, "")));
            InspectVerb.ReportSalvage(inPath, result.Salvage);
            if (result.SizeFromEvents)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"edge: {Path.GetFileName(inPath)} does not record its sensor size; used the events' extent {result.Width}x{result.Height}"));
            }
            if (result.TimeShiftUs != 0)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"edge: N-MNIST stores times from 0 and has no header for an offset: shifted every timestamp by {result.TimeShiftUs} µs"));
            }
            var row = new ConvertRow(result.InputFormat, result.Format, result.Width, result.Height, result.EventsIn, result.EventsOut,
                result.BytesWritten, result.Salvage.BytesSkipped, result.TimeShiftUs);
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
