using System.CommandLine;
using System.Globalization;
using System.Text.Json.Serialization;
using Edge.Cli.Cli;
using Edge.Drivers.Formats;
using Edge.Runtime.Events;
using Edge.Sim.Scenes;
using Edge.Sim.Sensor;
using Edge.Sim.Tasks;

namespace Edge.Cli.Verbs;

/// <summary><c>edge simulate</c>: records the simulated event camera looking at a scene into an event file.</summary>
internal static class SimulateVerb
{
    private const double DefaultSeconds = 5;

    /// <summary>Longest side of a simulated sensor, in pixels (event coordinates are 16-bit).</summary>
    private const int MaxSide = 8192;

    /// <summary>Most pixels a simulated sensor may have: its per-pixel state must fit a board's memory.</summary>
    private const long MaxPixels = 2048 * 2048;

    public static Command Create()
    {
        var scene = new Option<string?>("--scene")
        {
            Description = "Scene to record: a name from 'edge simulate --list' (e.g. bar-right, rotating-bar-cw, digit-3, " +
                "gesture-wave) or frames:<folder> for a folder of PGM/PNG video frames.",
        };
        var preset = new Option<string>("--preset")
        {
            Description = "Pixel model: clean, default (v2e's defaults) or noisy.",
            DefaultValueFactory = _ => "default",
        };
        preset.AcceptOnlyFromAmong([.. SensorParameters.PresetNames]);
        var seconds = new Option<double?>("--seconds") { Description = "Simulated seconds to record (default: a frame folder's length, else 5)." }
            .Within(1e-6, 1e6, "seconds");
        var width = new Option<int?>("--width") { Description = $"Sensor width in pixels (default: a frame folder's, else 128; at most {MaxSide})." }
            .Within(1, MaxSide, "pixels");
        var height = new Option<int?>("--height") { Description = $"Sensor height in pixels (default: a frame folder's, else 128; at most {MaxSide})." }
            .Within(1, MaxSide, "pixels");
        var frameRate = new Option<double>("--frame-rate")
        {
            Description = "Frames the sensor renders per simulated second (event times are interpolated between them).",
            DefaultValueFactory = _ => 1000,
        };
        var videoFps = new Option<double>("--video-fps")
        {
            Description = "Frame rate of a frames:<folder> video.",
            DefaultValueFactory = _ => 30,
        };
        var seed = CommonOptions.Seed();
        var output = new Option<string?>("--out", "-o") { Description = "Event file to write; the format follows the extension when it is unambiguous (.aedat4, .dat)." };
        var format = new Option<string?>("--format")
        {
            Description = "Output format: " + string.Join(", ", EventFormatNames.All) + ". Required when --out's extension is ambiguous (.raw, .bin, .aedat).",
        };
        format.AcceptOnlyFromAmong([.. EventFormatNames.All]);
        var list = new Option<bool>("--list") { Description = "List the scenes and the labelled tasks (for sim:<name> sources) and exit." };
        var json = CommonOptions.Json();

        var command = new Command("simulate",
            "Record the simulated event camera (v2e pixel model: threshold mismatch, photoreceptor low-pass, leak and shot noise, " +
            "refractory period; event times interpolated between frames) looking at a scene, into any event file format.")
        {
            scene, preset, seconds, width, height, frameRate, videoFps, seed, output, format, list, json,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(list))
            {
                List(parse.GetValue(json));
                return ExitCodes.Ok;
            }
            var request = new Request(
                parse.GetValue(scene) ?? throw new UserInputException("--scene is required (see 'edge simulate --list')"),
                parse.GetValue(preset)!,
                parse.GetValue(seconds),
                parse.GetValue(width),
                parse.GetValue(height),
                parse.GetValue(frameRate),
                parse.GetValue(videoFps),
                parse.GetValue(seed),
                parse.GetValue(output) ?? throw new UserInputException("--out FILE is required"),
                parse.GetValue(format));
            var row = Record(request, out var interrupted);
            if (parse.GetValue(json))
            {
                JsonLines.Write(row, SimulateJson.Default.SimulateRow);
            }
            else
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"edge: wrote {row.Events:N0} events ({row.OnEvents:N0} ON) of {row.Seconds:0.###} s of '{row.Scene}' at {row.Width}x{row.Height} to {row.Out} ({row.Format}, {row.Bytes:N0} bytes)"));
            }
            return interrupted ? ExitCodes.Interrupted : ExitCodes.Ok;
        });
        return command;
    }

    private static SimulateRow Record(Request request, out bool interrupted)
    {
        if (!SceneCatalog.Contains(request.Scene))
        {
            throw new UserInputException($"unknown scene '{request.Scene}' (see 'edge simulate --list', or use frames:<folder>)");
        }
        if (!(request.FrameRateHz is > 0 and <= 1e6))
        {
            throw new UserInputException("--frame-rate must be in (0, 1000000] Hz");
        }
        if (!(request.VideoFps > 0))
        {
            throw new UserInputException("--video-fps must be positive");
        }
        if ((request.Width is null) != (request.Height is null) || request.Width <= 0 || request.Height <= 0)
        {
            throw new UserInputException("give both --width and --height, as positive numbers of pixels");
        }
        if ((long?)request.Width * request.Height > MaxPixels)
        {
            throw new UserInputException(string.Create(CultureInfo.InvariantCulture,
                $"--width {request.Width} × --height {request.Height} is {(long)request.Width!.Value * request.Height!.Value} pixels; the simulated sensor has at most {MaxPixels} (2048×2048, about 100 bytes of state each; the largest event cameras have about a million)"));
        }
        var target = (request.Format is { } name && EventFormatNames.TryParse(name, out var parsed) ? parsed : (EventFormat?)null)
            ?? EventFile.FormatForOutput(request.Out)
            ?? throw new UserInputException(
                $"cannot tell the output format from '{Path.GetFileName(request.Out)}': pass --format {string.Join("|", EventFormatNames.All)}");

        var source = SceneCatalog.Create(request.Scene, request.VideoFps);
        var seconds = request.Seconds ?? (source.DurationUs is { } d ? d * 1e-6 : DefaultSeconds);
        if (!(seconds > 0) || seconds > 1e6)
        {
            throw new UserInputException(string.Create(CultureInfo.InvariantCulture, $"--seconds {seconds} is out of range: give seconds from 1e-06 to 1000000"));
        }
        var geometry = request.Width is { } w ? new SensorGeometry(w, request.Height!.Value) : source.NativeGeometry ?? CameraOptions.DefaultGeometry;
        using var camera = new SimulatedEventCamera(source, new CameraOptions
        {
            Geometry = geometry,
            FrameRateHz = request.FrameRateHz,
            Sensor = SensorParameters.FromPreset(request.Preset),
            Seed = (ulong)request.Seed,
            DurationUs = (long)Math.Round(seconds * 1e6),
        });

        var stop = new CancellationTokenSource();
        void OnCancel(object? sender, ConsoleCancelEventArgs e)
        {
            e.Cancel = true; // finish the file cleanly, then exit 130
            stop.Cancel();
        }
        Console.CancelKeyPress += OnCancel;
        EventFileWriter writer;
        try
        {
            writer = EventFile.Create(request.Out, target, geometry);
        }
        catch (ArgumentException ex)
        {
            File.Delete(request.Out); // created empty before the writer refused the geometry
            throw new UserInputException($"cannot write {target.ToName()}: {ex.Message.ReplaceLineEndings(" ")}", ex);
        }
        long events = 0, on = 0;
        try
        {
            var buffer = new DvsEvent[1 << 16];
            ProgressBar.Run($"simulate {request.Scene}", seconds, bar =>
            {
                int n;
                while (!stop.IsCancellationRequested && (n = camera.Read(buffer)) > 0)
                {
                    var batch = buffer.AsSpan(0, n);
                    writer.Write(batch);
                    events += n;
                    foreach (var e in batch)
                    {
                        on += e.P;
                    }
                    bar.Report(camera.TimeUs * 1e-6, string.Create(CultureInfo.InvariantCulture, $"{events:N0} events"));
                }
                return events;
            });
            writer.Complete();
            writer.Dispose();
        }
        catch (ArgumentOutOfRangeException ex)
        {
            Discard(writer, request.Out);
            throw new UserInputException($"{target.ToName()} cannot hold this recording: {ex.Message.ReplaceLineEndings(" ")}", ex);
        }
        catch
        {
            Discard(writer, request.Out);
            throw;
        }
        finally
        {
            Console.CancelKeyPress -= OnCancel;
        }
        interrupted = stop.IsCancellationRequested;
        return new SimulateRow
        {
            Scene = request.Scene,
            Preset = request.Preset,
            Seed = request.Seed,
            Width = geometry.Width,
            Height = geometry.Height,
            FrameRateHz = request.FrameRateHz,
            Seconds = camera.TimeUs * 1e-6,
            Events = events,
            OnEvents = on,
            Frames = camera.FramesRendered,
            Out = request.Out,
            Format = target.ToName(),
            Bytes = new FileInfo(request.Out).Length,
            Interrupted = interrupted,
        };
    }

    private static void Discard(EventFileWriter writer, string path)
    {
        writer.Dispose();
        File.Delete(path);
    }

    private static void List(bool json)
    {
        foreach (var scene in SceneCatalog.All)
        {
            if (json)
            {
                JsonLines.Write(new CatalogRow { Kind = "scene", Name = scene.Name, Description = scene.Description }, SimulateJson.Default.CatalogRow);
            }
            else
            {
                Console.Out.WriteLine($"scene  {scene.Name,-20} {scene.Description}");
            }
        }
        foreach (var task in TaskCatalog.All)
        {
            if (json)
            {
                JsonLines.Write(new CatalogRow
                {
                    Kind = "task", Name = task.Name, Description = task.Description, Classes = [.. task.ClassNames],
                    Width = task.DefaultGeometry.Width, Height = task.DefaultGeometry.Height, SegmentUs = task.DefaultSegmentUs,
                }, SimulateJson.Default.CatalogRow);
            }
            else
            {
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"task   {task.Name,-20} {task.Description}; {task.DefaultGeometry}, {task.DefaultSegmentUs / 1000} ms segments; classes: {string.Join(", ", task.ClassNames)}"));
            }
        }
        if (!json)
        {
            Console.Out.WriteLine($"scene  {SceneCatalog.FramesPrefix}<folder>     a folder of PGM/PNG video frames (see --video-fps)");
        }
    }

    private sealed record Request(
        string Scene, string Preset, double? Seconds, int? Width, int? Height, double FrameRateHz, double VideoFps, int Seed, string Out, string? Format);
}

/// <summary>The summary of one recording.</summary>
internal sealed record SimulateRow
{
    public required string Scene { get; init; }

    public required string Preset { get; init; }

    public int Seed { get; init; }

    public int Width { get; init; }

    public int Height { get; init; }

    public double FrameRateHz { get; init; }

    public double Seconds { get; init; }

    public long Events { get; init; }

    public long OnEvents { get; init; }

    public long Frames { get; init; }

    public required string Out { get; init; }

    public required string Format { get; init; }

    public long Bytes { get; init; }

    public bool Interrupted { get; init; }
}

/// <summary>One scene or task of <c>edge simulate --list --json</c>.</summary>
internal sealed record CatalogRow
{
    public required string Kind { get; init; }

    public required string Name { get; init; }

    public required string Description { get; init; }

    public string[]? Classes { get; init; }

    public int? Width { get; init; }

    public int? Height { get; init; }

    public long? SegmentUs { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SimulateRow))]
[JsonSerializable(typeof(CatalogRow))]
internal sealed partial class SimulateJson : JsonSerializerContext;
