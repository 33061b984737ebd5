using Edge.Cli.Cli;
using Edge.Devices.Cameras.Caer;
using Edge.Devices.Cameras.Edvs;
using Edge.Devices.Cameras.Prophesee;
using Edge.Drivers.Formats;
using Edge.Runtime.Events;
using Edge.Sim.Scenes;
using Edge.Sim.Sensor;
using Edge.Sim.Tasks;

namespace Edge.Cli.Sources;

/// <summary>
/// Opens a <c>--source</c> URI: one row per scheme, so every verb (run, demo, record …) accepts the
/// same sources. An unknown scheme or parameter is bad input (exit 2); an absent camera or library
/// throws DeviceUnavailableException (exit 3).
/// </summary>
internal static class SourceFactory
{
    private sealed record Scheme(string Name, string Usage, string[] Parameters, Func<SourceUri, SourceOptions, OpenedSource> Open);

    private static readonly Scheme[] Schemes =
    [
        new("sim", "sim: or sim:<task|scene> — the simulated sensor (edge simulate --list)", ["seed", "realtime"], OpenSim),
        new("file", "file:<path> — an event file (AEDAT 2/3.1/4, EVT 2/3, DAT, N-MNIST)", ["format", "lenient"], OpenFile),
        new("edvs", "edvs:<serial device> — eDVS4337 / mini-eDVS on a serial port", ["baud", "format", "biases", "flow"], OpenEdvsSerial),
        new("edvs-tcp", "edvs-tcp:<host[:port]> — eDVS WLAN module (port 56000)", ["format", "biases"], OpenEdvsTcp),
        new("caer", "caer:<dvs128|davis|dvxplorer> — iniVation USB camera through libcaer", ["serial"], OpenCaer),
        new("evt", "evt:<pipe|-|tcp://host:port> — Prophesee EVT 2.0/3.0 raw stream", ["format", "width", "height"], OpenEvt),
    ];

    /// <summary>One line per scheme, for --help texts.</summary>
    public static string Usage => string.Join("; ", Schemes.Select(s => s.Usage));

    /// <summary>Opens <paramref name="uri"/>.</summary>
    public static OpenedSource Open(string uri, SourceOptions? options = null)
    {
        var parsed = SourceUri.Parse(uri);
        options ??= new SourceOptions();
        foreach (var scheme in Schemes)
        {
            if (scheme.Name == parsed.Scheme)
            {
                parsed.RejectUnknown(scheme.Parameters);
                return scheme.Open(parsed, options);
            }
        }
        throw new UserInputException(
            $"unknown source scheme '{parsed.Scheme}:' in '{uri}'; use one of: {string.Join(", ", Schemes.Select(s => s.Name + ":"))}");
    }

    private static OpenedSource OpenSim(SourceUri uri, SourceOptions options)
    {
        var name = uri.Target.Length == 0 ? TaskCatalog.DefaultTask : uri.Target;
        var seed = uri.GetInt("seed", 0, int.MaxValue) ?? options.Seed;
        var realTime = uri.GetBool("realtime") ?? options.RealTime;
        if (TaskCatalog.Find(name) is not null)
        {
            var task = TaskCatalog.Create(name, new TaskOptions { Seed = (ulong)seed });
            ILabelledEventSource labelled = realTime ? task.StartRealTime(Math.Min(options.RingCapacity, 1 << 20)) : task;
            return new OpenedSource { Uri = uri.Text, Scheme = uri.Scheme, Events = new ConcatenatedSegments(labelled), Labelled = labelled };
        }
        if (SceneCatalog.Contains(name))
        {
            var scene = SceneCatalog.Create(name);
            var camera = new SimulatedEventCamera(scene, new CameraOptions
            {
                Geometry = scene.NativeGeometry ?? CameraOptions.DefaultGeometry,
                Seed = (ulong)seed,
            });
            IEventSource events = realTime ? SimulatedEventCamera.StartRealTime(camera, Math.Min(options.RingCapacity, 1 << 20)) : camera;
            return new OpenedSource { Uri = uri.Text, Scheme = uri.Scheme, Events = events };
        }
        throw new UserInputException($"--source '{uri.Text}': no simulated task or scene '{name}' (see 'edge simulate --list')");
    }

    private static OpenedSource OpenFile(SourceUri uri, SourceOptions options)
    {
        var reader = EventFile.OpenRead(Required(uri, "a file path"), new EventFileOptions
        {
            Format = Format(uri),
            Lenient = uri.GetBool("lenient") ?? false,
        });
        return new OpenedSource { Uri = uri.Text, Scheme = uri.Scheme, Events = reader };
    }

    private static OpenedSource OpenEdvsSerial(SourceUri uri, SourceOptions options)
    {
        var edvs = EdvsSettings(uri) with
        {
            BaudRate = uri.GetInt("baud", 300, 100_000_000) ?? new EdvsOptions().BaudRate,
            HardwareFlowControl = uri.Get("flow") switch
            {
                null or "rtscts" => true,
                "none" => false,
                var other => throw uri.Bad("flow", other, "rtscts or none"),
            },
        };
        return Live(uri, options, EdvsEventSource.OpenSerial(Required(uri, "a serial device such as /dev/ttyUSB0"), edvs));
    }

    private static OpenedSource OpenEdvsTcp(SourceUri uri, SourceOptions options)
    {
        var (host, port) = HostPort(uri, Required(uri, "host:port"), EdvsOptions.DefaultTcpPort);
        return Live(uri, options, EdvsEventSource.OpenTcp(host, port, EdvsSettings(uri)));
    }

    private static OpenedSource OpenCaer(SourceUri uri, SourceOptions options)
    {
        var name = Required(uri, CaerCameras.Names);
        if (!CaerCameras.TryParse(name, out var camera))
        {
            throw new UserInputException($"--source '{uri.Text}': unknown iniVation camera '{name}'; use one of {CaerCameras.Names}");
        }
        return Live(uri, options, CaerEventSource.Open(camera, uri.Get("serial")));
    }

    private static OpenedSource OpenEvt(SourceUri uri, SourceOptions options)
    {
        var width = uri.GetInt("width", 1, 1 << 16);
        var height = uri.GetInt("height", 1, 1 << 16);
        if ((width is null) != (height is null))
        {
            throw new UserInputException($"--source '{uri.Text}': give both width= and height=");
        }
        var evt = new EvtStreamOptions
        {
            Format = Format(uri),
            Geometry = width is { } w ? new SensorGeometry(w, height!.Value) : null,
        };
        var target = Required(uri, "a pipe path, - for standard input, or tcp://host:port");
        EvtStreamSource source;
        if (target == "-")
        {
            source = EvtStreamSource.OpenStandardInput(evt);
        }
        else if (target.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase))
        {
            var (host, port) = HostPort(uri, target["tcp://".Length..], defaultPort: null);
            source = EvtStreamSource.OpenTcp(host, port, evt);
        }
        else
        {
            source = EvtStreamSource.OpenPipe(target, evt);
        }
        return Live(uri, options, source);
    }

    private static OpenedSource Live(SourceUri uri, SourceOptions options, IEventSource camera) => new()
    {
        Uri = uri.Text,
        Scheme = uri.Scheme,
        Events = new BackgroundEventSource(camera, options.RingCapacity),
        IsLive = true,
    };

    private static EdvsOptions EdvsSettings(SourceUri uri)
    {
        var options = new EdvsOptions();
        if (uri.Get("format") is { } format)
        {
            options = options with
            {
                Format = EdvsEventFormats.TryParse(format, out var parsed) ? parsed : throw uri.Bad("format", format, "E2, E3 or E4"),
            };
        }
        if (uri.Get("biases") is { } biases)
        {
            options = options with
            {
                Biases = EdvsBiases.Find(biases) ?? throw uri.Bad("biases", biases, string.Join(" or ", EdvsBiases.Presets.Select(p => p.Name))),
            };
        }
        return options;
    }

    private static EventFormat? Format(SourceUri uri) => uri.Get("format") switch
    {
        null => null,
        var name when EventFormatNames.TryParse(name, out var format) => format,
        var name => throw uri.Bad("format", name, string.Join(", ", EventFormatNames.All)),
    };

    private static string Required(SourceUri uri, string what) =>
        uri.Target.Length > 0 ? uri.Target : throw new UserInputException($"--source '{uri.Text}': say which after '{uri.Scheme}:' ({what})");

    private static (string Host, int Port) HostPort(SourceUri uri, string text, int? defaultPort)
    {
        var colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            return defaultPort is { } port && text.Length > 0
                ? (text, port)
                : throw new UserInputException($"--source '{uri.Text}': '{text}' is not host:port");
        }
        if (colon == 0 || !int.TryParse(text.AsSpan(colon + 1), System.Globalization.CultureInfo.InvariantCulture, out var p) || p is <= 0 or > 65535)
        {
            throw new UserInputException($"--source '{uri.Text}': '{text}' is not host:port");
        }
        return (text[..colon].Trim('[', ']'), p);
    }
}
