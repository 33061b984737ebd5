using System.Globalization;

namespace Edge.Runtime.Checkpoints;

/// <summary>
/// One tensor listed in a safetensors header: its name, element type, shape (row-major) and where
/// its bytes lie in the data buffer that follows the header.
/// </summary>
/// <param name="Name">Tensor name (the header key).</param>
/// <param name="DType">Element type as written in the header: <c>F32</c>, <c>F16</c>, <c>BF16</c>, <c>F64</c>, <c>I64</c> …</param>
/// <param name="Shape">Dimensions, outermost first; empty for a scalar.</param>
/// <param name="Begin">First byte, relative to the start of the data buffer.</param>
/// <param name="End">One past the last byte, relative to the start of the data buffer.</param>
public sealed record SafetensorsEntry(string Name, string DType, int[] Shape, long Begin, long End)
{
    /// <summary>Number of elements (the product of the shape; 1 for a scalar).</summary>
    public long ElementCount
    {
        get
        {
            long n = 1;
            foreach (var d in Shape)
            {
                n *= d;
            }
            return n;
        }
    }

    /// <summary>The shape as it is printed in messages: <c>[16, 2, 3, 3]</c>.</summary>
    public string ShapeText => FormatShape(Shape);

    /// <summary>Prints a shape as <c>[a, b, c]</c>.</summary>
    public static string FormatShape(IReadOnlyList<int> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return "[" + string.Join(", ", ToInvariant(shape)) + "]";
    }

    private static IEnumerable<string> ToInvariant(IReadOnlyList<int> shape)
    {
        foreach (var d in shape)
        {
            yield return d.ToString(CultureInfo.InvariantCulture);
        }
    }
}
