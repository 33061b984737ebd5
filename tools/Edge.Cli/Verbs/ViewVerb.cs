using System.CommandLine;
using System.Globalization;
using System.Text.Json.Serialization;
using Edge.Cli.Cli;
using Edge.Cli.Plotting;
using Edge.Cli.View;
using Edge.Host.Sources;

namespace Edge.Cli.Verbs;

/// <summary>
/// <c>edge view FILE|URI</c>: looks at a recording, or a few seconds of a live source, without the
/// page: a PNG contact sheet of its frames or an animated GIF, in the page's ON/OFF colours, each
/// frame with its time after the first event.
/// </summary>
internal static class ViewVerb
{
    private const int DefaultSheetFrames = 24;
    private const int DefaultGifFrames = 100;
    private const int MaxSheetFrames = 400;
    private const int MaxGifFrames = 2000;

    public static Command Create()
    {
        var input = new Argument<string>("file-or-uri") { Description = "An event file (any format 'edge inspect' reads) or a source URI: " + SourceRegistry.Default.Usage + "." };
        var output = new Option<string?>("--out", "-o") { Description = "The picture: X.png (a contact sheet of the frames) or X.gif (an animation). Default: the file's name with .png, or view.png." };
        var frame = new Option<string>("--frame") { Description = "Duration of one frame (default 10ms).", DefaultValueFactory = _ => "10ms" };
        var from = new Option<string?>("--from") { Description = "Start, after the first event (default 0)." };
        var to = new Option<string?>("--to") { Description = $"End, after the first event (default: {DefaultSheetFrames} frames for a PNG, {DefaultGifFrames} for a GIF, or the end of the stream)." };
        var json = CommonOptions.Json();
        var command = new Command("view",
            "Draw an event file or a few seconds of a live source as pictures: a PNG contact sheet of frames or an animated GIF " +
            "(ON events orange, OFF blue, brighter where more events fell; each frame stamped with its time after the first event).")
        {
            input, output, frame, from, to, json,
        };
        command.SetAction(parse =>
        {
            var given = parse.GetValue(input)!;
            var uri = File.Exists(given) || !given.Contains(':', StringComparison.Ordinal) ? "file:" + given : given;
            var name = uri.StartsWith("file:", StringComparison.Ordinal) ? Path.GetFileName(given) : given;
            var outPath = parse.GetValue(output) ?? (uri.StartsWith("file:", StringComparison.Ordinal) ? Path.GetFileNameWithoutExtension(given) + ".png" : "view.png");
            var gif = outPath.EndsWith(".gif", StringComparison.OrdinalIgnoreCase);
            if (!gif && !outPath.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
            {
                throw new UserInputException($"--out '{outPath}': write X.png (a contact sheet) or X.gif (an animation)");
            }
            var frameUs = Micros(Durations.Parse(parse.GetValue(frame)!, "--frame"));
            var fromUs = parse.GetValue(from) is { } f ? Offset(f, "--from") : 0;
            var toUs = parse.GetValue(to) is { } t ? Offset(t, "--to") : fromUs + (frameUs * (gif ? DefaultGifFrames : DefaultSheetFrames));
            if (toUs <= fromUs)
            {
                throw new UserInputException("--to must come after --from");
            }
            var frames = (toUs - fromUs + frameUs - 1) / frameUs;
            var max = gif ? MaxGifFrames : MaxSheetFrames;
            if (frames > max)
            {
                throw new UserInputException(string.Create(CultureInfo.InvariantCulture,
                    $"--from/--to/--frame: {frames} frames; a {(gif ? "GIF" : "contact sheet")} holds at most {max}: use a longer --frame or a shorter span"));
            }

            using var source = SourceRegistry.Default.Open(uri, new SourceOptions());
            var picture = EventFrames.Read(source, name, fromUs, toUs, frameUs);
            var directory = Path.GetDirectoryName(Path.GetFullPath(outPath));
            if (directory is not null && !Directory.Exists(directory))
            {
                throw new UserInputException($"--out '{outPath}': the folder does not exist");
            }
            using (var file = File.Create(outPath))
            {
                if (gif)
                {
                    EventPictures.Gif(picture, file);
                }
                else
                {
                    var title = string.Create(CultureInfo.InvariantCulture,
                        $"{name}: {picture.Count} frames of {frameUs / 1000.0:0.###} ms, {picture.Events} events, {picture.Width}x{picture.Height}{(picture.Bin > 1 ? $" (binned {picture.Bin}x{picture.Bin})" : "")}");
                    PngWriter.Write(file, EventPictures.ContactSheet(picture, title));
                }
            }
            var row = new ViewRow
            {
                Source = uri,
                Out = outPath,
                Format = gif ? "gif" : "png",
                Frames = picture.Count,
                FrameUs = frameUs,
                FromUs = fromUs,
                ToUs = fromUs + (picture.Count * frameUs),
                Events = picture.Events,
                Width = picture.Width,
                Height = picture.Height,
                Bin = picture.Bin,
            };
            if (parse.GetValue(json))
            {
                JsonLines.Write(row, ViewJson.Default.ViewRow);
            }
            else
            {
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{outPath}: {row.Frames} frames of {frameUs / 1000.0:0.###} ms from +{fromUs / 1000.0:0.###} ms, {row.Events} events, {row.Width}x{row.Height}"));
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static long Micros(TimeSpan span) => (long)Math.Round(span.TotalMicroseconds);

    /// <summary>A time after the first event: a duration, or 0.</summary>
    private static long Offset(string text, string option) => text.Trim() is "0" or "0s" or "0ms" ? 0 : Micros(Durations.Parse(text, option));
}

/// <summary>What <c>edge view --json</c> wrote.</summary>
internal sealed record ViewRow
{
    public string Kind { get; init; } = "view";

    public required string Source { get; init; }

    public required string Out { get; init; }

    public required string Format { get; init; }

    public int Frames { get; init; }

    public long FrameUs { get; init; }

    public long FromUs { get; init; }

    public long ToUs { get; init; }

    public long Events { get; init; }

    public int Width { get; init; }

    public int Height { get; init; }

    public int Bin { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ViewRow))]
internal sealed partial class ViewJson : JsonSerializerContext;
