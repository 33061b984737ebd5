using System.Globalization;

namespace Edge.Runtime.Golden;

/// <summary>
/// Compares produced tensors with a case's expected ones element by element:
/// |actual − expected| ≤ abs + rel·|expected|; spike tensors must match exactly.
/// Tracks the worst ratio |error| ÷ tolerance and where it occurred.
/// </summary>
internal sealed class GoldenComparer
{
    private readonly GoldenCase _case;
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    public GoldenComparer(GoldenCase goldenCase) => _case = goldenCase;

    public double Worst { get; private set; }

    public string Detail { get; private set; } = "";

    /// <summary>Compares one produced tensor (PyTorch order) with the expected tensor of that name, if any.</summary>
    public void Compare(string name, ReadOnlySpan<float> actual)
    {
        if (!_case.Expected.TryGetValue(name, out var expected))
        {
            return;
        }
        _seen.Add(name);
        if (actual.Length != expected.Data.Length)
        {
            Fail(name, string.Create(CultureInfo.InvariantCulture, $"{name}: produced {actual.Length} values, expected {expected.Data.Length}"));
            return;
        }
        var exact = IsSpikes(name);
        for (var i = 0; i < actual.Length; i++)
        {
            double e = expected.Data[i];
            double a = actual[i];
            double ratio;
            if (exact)
            {
                ratio = a == e ? 0 : double.PositiveInfinity;
            }
            else
            {
                var tol = _case.AbsoluteTolerance + (_case.RelativeTolerance * Math.Abs(e));
                ratio = double.IsFinite(a) ? Math.Abs(a - e) / tol : double.PositiveInfinity;
            }
            if (ratio > Worst || (ratio == Worst && Detail.Length == 0))
            {
                Worst = ratio;
                Detail = string.Create(CultureInfo.InvariantCulture, $"{name}[{i}]: expected {e:R}, got {a:R}");
            }
        }
    }

    /// <summary>Fails the case if an expected tensor was never produced.</summary>
    public void RequireAllCompared()
    {
        foreach (var name in _case.Expected.Keys)
        {
            if (!_seen.Contains(name))
            {
                Fail(name, $"{name}: not produced");
            }
        }
    }

    public GoldenResult Result() =>
        new(_case.Name, _case.Kind, Worst <= 1.0 ? GoldenStatus.Pass : GoldenStatus.Fail, Worst, Detail);

    private void Fail(string name, string detail)
    {
        _ = name;
        Worst = double.PositiveInfinity;
        Detail = detail;
    }

    private static bool IsSpikes(string name) => name is "spikes" or "s" || name.StartsWith("spikes:", StringComparison.Ordinal);
}
