using System.Globalization;

namespace Edge.Devices.Cameras.Edvs;

/// <summary>
/// The twelve 24-bit bias currents of the eDVS's DVS128 chip, in register order
/// cas, injGnd, reqPd, puX, diffOff, req, refr, puY, diffOn, diff, foll, Pr (<c>!B0</c> … <c>!B11</c>).
/// </summary>
public sealed class EdvsBiases
{
    /// <summary>Number of bias registers.</summary>
    public const int Count = 12;

    private const int MaxValue = (1 << 24) - 1;
    private readonly int[] _values;

    /// <summary>Creates a bias set from twelve values in register order.</summary>
    public EdvsBiases(string name, ReadOnlySpan<int> values)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (values.Length != Count)
        {
            throw new ArgumentException($"an eDVS bias set has {Count} values, got {values.Length}", nameof(values));
        }
        foreach (var v in values)
        {
            if (v is < 0 or > MaxValue)
            {
                throw new ArgumentOutOfRangeException(nameof(values), v, "eDVS biases are 24-bit values (0 … 16777215)");
            }
        }
        Name = name;
        _values = values.ToArray();
    }

    /// <summary>The preset's name.</summary>
    public string Name { get; }

    /// <summary>Values in register order.</summary>
    public ReadOnlySpan<int> Values => _values;

    /// <summary>The board's power-up defaults (iniVation eDVS user guide).</summary>
    public static EdvsBiases PowerUp { get; } = new("default",
        [1067, 12316, 16777215, 5579732, 151, 427594, 0, 16777215, 296253, 3624, 39, 4]);

    /// <summary>libcaer's "DVS128 Fast" biases, which libcaer sends to an eDVS on open.</summary>
    public static EdvsBiases Fast { get; } = new("fast",
        [1992, 1108364, 16777215, 8159221, 132, 309590, 969, 16777215, 209996, 13125, 271, 217]);

    /// <summary>The presets by name.</summary>
    public static IReadOnlyList<EdvsBiases> Presets { get; } = [PowerUp, Fast];

    /// <summary>Finds a preset by name (case-insensitive); null when there is none.</summary>
    public static EdvsBiases? Find(string name)
    {
        foreach (var preset in Presets)
        {
            if (string.Equals(preset.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return preset;
            }
        }
        return null;
    }

    /// <summary>The commands that load this set: <c>!B0=v</c> … <c>!B11=v</c>, then <c>!BF</c> (flush to the chip).</summary>
    public IEnumerable<string> Commands()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"!B{i}={_values[i]}");
        }
        yield return "!BF";
    }
}
