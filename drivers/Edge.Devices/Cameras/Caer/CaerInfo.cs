using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Edge.Devices.Cameras.Caer;

// Mirrors of libcaer's device-info structs, returned by value from caer*InfoGet. They must be
// complete (not just the fields read) for the by-value return to match the C ABI. C bool is one
// byte, enums are ints.

/// <summary>The 8-character serial number plus its terminator.</summary>
[InlineArray(9)]
internal struct CaerSerialNumber
{
    private byte _first;
}

/// <summary><c>struct caer_dvs128_info</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct CaerDvs128Info
{
    public short DeviceId;
    public CaerSerialNumber SerialNumber;
    public byte UsbBusNumber;
    public byte UsbDeviceAddress;
    public nint DeviceString;
    public short FirmwareVersion;
    public byte DeviceIsMaster;
    public short DvsSizeX;
    public short DvsSizeY;
}

/// <summary><c>struct caer_davis_info</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct CaerDavisInfo
{
    public short DeviceId;
    public CaerSerialNumber SerialNumber;
    public byte UsbBusNumber;
    public byte UsbDeviceAddress;
    public nint DeviceString;
    public short FirmwareVersion;
    public short LogicVersion;
    public short ChipId;
    public byte DeviceIsMaster;
    public byte MuxHasStatistics;
    public short DvsSizeX;
    public short DvsSizeY;
    public byte DvsHasPixelFilter;
    public byte DvsHasBackgroundActivityFilter;
    public byte DvsHasRoiFilter;
    public byte DvsHasSkipFilter;
    public byte DvsHasPolarityFilter;
    public byte DvsHasStatistics;
    public short ApsSizeX;
    public short ApsSizeY;
    public int ApsColorFilter;
    public byte ApsHasGlobalShutter;
    public int ImuType;
    public byte ExtInputHasGenerator;
}

/// <summary><c>struct caer_dvx_info</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct CaerDvxInfo
{
    public short DeviceId;
    public CaerSerialNumber SerialNumber;
    public byte UsbBusNumber;
    public byte UsbDeviceAddress;
    public nint DeviceString;
    public short FirmwareVersion;
    public short LogicVersion;
    public short ChipId;
    public byte DeviceIsMaster;
    public byte MuxHasStatistics;
    public short DvsSizeX;
    public short DvsSizeY;
    public byte DvsHasStatistics;
    public int ImuType;
    public byte ExtInputHasGenerator;
}
