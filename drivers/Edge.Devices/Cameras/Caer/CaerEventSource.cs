using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Edge.Runtime;
using Edge.Runtime.Events;

namespace Edge.Devices.Cameras.Caer;

/// <summary>
/// A live iniVation USB camera (DVS128, DAVIS, DVXplorer) through libcaer: opens the first
/// camera of the kind (or the one with a serial number), sends libcaer's default configuration,
/// starts the stream and hands out its polarity events. libcaer reads USB on its own threads and
/// queues packet containers; <see cref="Read"/> blocks for the next one. Allocates nothing per read.
/// </summary>
public sealed unsafe class CaerEventSource : IEventSource, IEventSourceHealth
{
    private readonly LibCaer _caer;
    private readonly CaerContainerReader _reader = new();
    private readonly Lock _gate = new();
    private readonly string _name;
    private GCHandle _self;
    private nint _device;
    private volatile bool _stopping;
    private volatile bool _unplugged;

    private CaerEventSource(LibCaer caer, nint device, CaerCamera camera, string name)
    {
        _caer = caer;
        _device = device;
        _name = name;
        Camera = camera;
        Geometry = ReadGeometry(caer, device, camera);
        _self = GCHandle.Alloc(this, GCHandleType.Weak);
    }

    /// <summary>Opens a camera and starts streaming.</summary>
    /// <param name="camera">Which kind of camera.</param>
    /// <param name="serialNumber">Only the camera with this USB serial number; null for the first one found.</param>
    /// <exception cref="DeviceUnavailableException">No libcaer, or no such camera on USB.</exception>
    public static CaerEventSource Open(CaerCamera camera, string? serialNumber = null)
    {
        var caer = LibCaer.Load();
        var name = camera.ToString() + (serialNumber is null ? "" : $" (serial {serialNumber})");
        var serial = serialNumber is null ? null : Encoding.ASCII.GetBytes(serialNumber + "\0");
        nint device;
        fixed (byte* serialPtr = serial)
        {
            device = caer.DeviceOpen(1, (ushort)camera, 0, 0, serialPtr);
        }
        if (device == 0)
        {
            throw new DeviceUnavailableException(
                $"no {name} camera could be opened through libcaer: check the USB cable, 'lsusb -d 152a:' and the iniVation udev rule " +
                "(65-inivation.rules, for access without root)");
        }
        var source = new CaerEventSource(caer, device, camera, name);
        try
        {
            source.Start();
        }
        catch
        {
            source.Dispose();
            throw;
        }
        return source;
    }

    /// <summary>The kind of camera.</summary>
    public CaerCamera Camera { get; }

    /// <inheritdoc />
    public SensorGeometry? Geometry { get; }

    /// <inheritdoc />
    public StreamHealth Health => new(WordsSkipped: _reader.EventsSkipped, TimestampRepairs: _reader.TimestampResets);

    /// <inheritdoc />
    public int Read(Span<DvsEvent> destination)
    {
        if (destination.IsEmpty)
        {
            return 0;
        }
        lock (_gate)
        {
            while (true)
            {
                if (_reader.Container != 0)
                {
                    var n = _reader.Read(destination);
                    if (_reader.IsDone)
                    {
                        _reader.FreeContainer();
                    }
                    if (n > 0)
                    {
                        return n;
                    }
                    continue;
                }
                if (_stopping || _device == 0)
                {
                    return 0;
                }
                // Blocking mode: returns a container, or null after about a second without data
                // or once the stream stopped.
                var container = _caer.DataGet(_device);
                if (container != 0)
                {
                    _reader.Start(container);
                }
                else if (_unplugged && !_stopping)
                {
                    throw new DeviceUnavailableException($"the {_name} camera stopped streaming (unplugged?)");
                }
            }
        }
    }

    private void Start()
    {
        if (_caer.SendDefaultConfig(_device) == 0 ||
            _caer.ConfigSet(_device, LibCaer.HostConfigDataExchange, LibCaer.DataExchangeBlocking, 1) == 0 ||
            _caer.DataStart(_device, 0, 0, 0, &OnShutdown, GCHandle.ToIntPtr(_self)) == 0)
        {
            throw new DeviceUnavailableException($"the {_name} camera did not start streaming: replug it and check 'dmesg' for USB errors");
        }
    }

    [UnmanagedCallersOnly]
    private static void OnShutdown(nint self)
    {
        // libcaer calls this from its USB thread when the stream ends without DataStop (unplug).
        if (GCHandle.FromIntPtr(self).Target is CaerEventSource source)
        {
            source._unplugged = true;
        }
    }

    private static SensorGeometry ReadGeometry(LibCaer caer, nint device, CaerCamera camera)
    {
        short x, y;
        switch (camera)
        {
            case CaerCamera.Dvs128:
                var dvs128 = caer.Dvs128Info(device);
                (x, y) = (dvs128.DvsSizeX, dvs128.DvsSizeY);
                break;
            case CaerCamera.Davis:
                var davis = caer.DavisInfo(device);
                (x, y) = (davis.DvsSizeX, davis.DvsSizeY);
                break;
            default:
                var dvx = caer.DvxInfo(device);
                (x, y) = (dvx.DvsSizeX, dvx.DvsSizeY);
                break;
        }
        return new SensorGeometry(Math.Max((int)x, 1), Math.Max((int)y, 1));
    }

    /// <summary>Stops the stream and closes the camera; a blocked <see cref="Read"/> returns 0.</summary>
    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }
        _stopping = true;
        if (_device != 0)
        {
            _caer.DataStop(_device); // unblocks DataGet
        }
        lock (_gate)
        {
            _reader.FreeContainer();
            if (_device != 0)
            {
                var device = _device;
                _caer.DeviceClose(&device);
                _device = 0;
            }
        }
        if (_self.IsAllocated)
        {
            _self.Free();
        }
    }
}
