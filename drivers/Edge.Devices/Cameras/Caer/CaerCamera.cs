namespace Edge.Devices.Cameras.Caer;

/// <summary>The iniVation USB cameras libcaer opens (its <c>CAER_DEVICE_*</c> type codes).</summary>
public enum CaerCamera : ushort
{
    /// <summary>DVS128 (FX2), 128×128.</summary>
    Dvs128 = 0,

    /// <summary>Any DAVIS (FX2 or FX3): DAVIS240 240×180, DAVIS346 346×260, DAVIS640.</summary>
    Davis = 4,

    /// <summary>DVXplorer (640×480) and DVXplorer Lite (320×240).</summary>
    DvXplorer = 8,
}

/// <summary>Names of <see cref="CaerCamera"/> values as users type them.</summary>
public static class CaerCameras
{
    /// <summary>Parses <c>dvs128</c>, <c>davis</c>, <c>dvxplorer</c> (case-insensitive).</summary>
    public static bool TryParse(string? name, out CaerCamera camera)
    {
        switch (name?.ToUpperInvariant())
        {
            case "DVS128":
                camera = CaerCamera.Dvs128;
                return true;
            case "DAVIS":
                camera = CaerCamera.Davis;
                return true;
            case "DVXPLORER":
                camera = CaerCamera.DvXplorer;
                return true;
            default:
                camera = default;
                return false;
        }
    }

    /// <summary>The names <see cref="TryParse"/> accepts.</summary>
    public static string Names => "dvs128, davis, dvxplorer";
}
