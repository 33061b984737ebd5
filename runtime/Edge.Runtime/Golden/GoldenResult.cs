using System.Globalization;

namespace Edge.Runtime.Golden;

/// <summary>Outcome of a golden case.</summary>
public enum GoldenStatus
{
    /// <summary>Every expected tensor matched within tolerance.</summary>
    Pass,

    /// <summary>At least one element was outside tolerance (or a spike differed).</summary>
    Fail,

    /// <summary>The case's kind is not implemented by this build.</summary>
    Skip,
}

/// <summary>Result of one golden case.</summary>
/// <param name="Name">Case name.</param>
/// <param name="Kind">Case kind.</param>
/// <param name="Status">Pass, fail or skip.</param>
/// <param name="Worst">Largest |error| ÷ tolerance over all compared elements (∞ for a spike mismatch).</param>
/// <param name="Detail">Where the worst element is, or why the case was skipped.</param>
public sealed record GoldenResult(string Name, string Kind, GoldenStatus Status, double Worst, string Detail)
{
    /// <summary>The one-line report: <c>PASS  name  kind  worst=0.123</c>.</summary>
    public string Line => string.Create(CultureInfo.InvariantCulture,
        $"{Status.ToString().ToUpperInvariant()}  {Name}  {Kind}  worst={(double.IsInfinity(Worst) ? "inf" : Worst.ToString("0.000", CultureInfo.InvariantCulture))}");
}
