using System.Runtime.InteropServices;
using Edge.Runtime;

namespace Edge.Devices.Cameras.Caer;

/// <summary>
/// The few libcaer functions the driver calls, bound at run time: the library is loaded with
/// <see cref="NativeLibrary.TryLoad(string, out nint)"/> on first use, so a machine without it
/// gets one line saying what to install instead of a DllNotFoundException.
/// </summary>
internal sealed unsafe class LibCaer
{
    private static readonly string[] Candidates = ["libcaer.so.3", "libcaer.so", "caer"];
    private static readonly Lock Gate = new();
    private static LibCaer? s_loaded;

    private LibCaer(nint library)
    {
        DeviceOpen = (delegate* unmanaged<ushort, ushort, byte, byte, byte*, nint>)Export(library, "caerDeviceOpen");
        DeviceClose = (delegate* unmanaged<nint*, byte>)Export(library, "caerDeviceClose");
        SendDefaultConfig = (delegate* unmanaged<nint, byte>)Export(library, "caerDeviceSendDefaultConfig");
        ConfigSet = (delegate* unmanaged<nint, sbyte, byte, uint, byte>)Export(library, "caerDeviceConfigSet");
        DataStart = (delegate* unmanaged<nint, nint, nint, nint, delegate* unmanaged<nint, void>, nint, byte>)Export(library, "caerDeviceDataStart");
        DataStop = (delegate* unmanaged<nint, byte>)Export(library, "caerDeviceDataStop");
        DataGet = (delegate* unmanaged<nint, nint>)Export(library, "caerDeviceDataGet");
        Dvs128Info = (delegate* unmanaged<nint, CaerDvs128Info>)Export(library, "caerDVS128InfoGet");
        DavisInfo = (delegate* unmanaged<nint, CaerDavisInfo>)Export(library, "caerDavisInfoGet");
        DvxInfo = (delegate* unmanaged<nint, CaerDvxInfo>)Export(library, "caerDVXplorerInfoGet");
    }

    /// <summary><c>CAER_HOST_CONFIG_DATAEXCHANGE</c> module address.</summary>
    public const sbyte HostConfigDataExchange = -2;

    /// <summary><c>CAER_HOST_CONFIG_DATAEXCHANGE_BLOCKING</c> parameter.</summary>
    public const byte DataExchangeBlocking = 1;

    public delegate* unmanaged<ushort, ushort, byte, byte, byte*, nint> DeviceOpen { get; }

    public delegate* unmanaged<nint*, byte> DeviceClose { get; }

    public delegate* unmanaged<nint, byte> SendDefaultConfig { get; }

    public delegate* unmanaged<nint, sbyte, byte, uint, byte> ConfigSet { get; }

    public delegate* unmanaged<nint, nint, nint, nint, delegate* unmanaged<nint, void>, nint, byte> DataStart { get; }

    public delegate* unmanaged<nint, byte> DataStop { get; }

    public delegate* unmanaged<nint, nint> DataGet { get; }

    public delegate* unmanaged<nint, CaerDvs128Info> Dvs128Info { get; }

    public delegate* unmanaged<nint, CaerDavisInfo> DavisInfo { get; }

    public delegate* unmanaged<nint, CaerDvxInfo> DvxInfo { get; }

    /// <summary>Loads libcaer once.</summary>
    /// <exception cref="DeviceUnavailableException">The library is not installed or is too old.</exception>
    public static LibCaer Load()
    {
        lock (Gate)
        {
            if (s_loaded is not null)
            {
                return s_loaded;
            }
            foreach (var name in Candidates)
            {
                if (NativeLibrary.TryLoad(name, out var library))
                {
                    return s_loaded = new LibCaer(library);
                }
            }
            throw new DeviceUnavailableException(
                "libcaer is not installed (looked for libcaer.so.3 and libcaer.so): build and install libcaer 3.x from iniVation's " +
                "sources (cmake; needs libusb-1.0-0-dev and libserialport-dev), then run 'sudo ldconfig'");
        }
    }

    private static nint Export(nint library, string name) =>
        NativeLibrary.TryGetExport(library, name, out var address)
            ? address
            : throw new DeviceUnavailableException($"the installed libcaer has no {name}: install libcaer 3.x");
}
