namespace Edge.Runtime.Events;

/// <summary>The pixel array of a sensor: width × height.</summary>
public readonly record struct SensorGeometry
{
    /// <summary>Creates a geometry; both sides must be positive.</summary>
    public SensorGeometry(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        Width = width;
        Height = height;
    }

    /// <summary>Pixels per row.</summary>
    public int Width { get; }

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>Number of pixels.</summary>
    public int Pixels => Width * Height;

    /// <summary>True when (x, y) lies on the array.</summary>
    public bool Contains(int x, int y) => (uint)x < (uint)Width && (uint)y < (uint)Height;

    /// <inheritdoc />
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Width}x{Height}");
}
