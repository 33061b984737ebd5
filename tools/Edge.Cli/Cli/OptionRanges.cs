using System.CommandLine;
using System.Globalization;

namespace Edge.Cli.Cli;

/// <summary>
/// Bounds on numeric options, checked when the command line is parsed — before anything is
/// allocated or computed from them — so a negative count, a zero divisor or a size that cannot fit
/// in memory is one line naming the option and the range (exit 2), never an overflow, a division
/// by zero or an out-of-memory abort.
/// </summary>
internal static class OptionRanges
{
    /// <summary>Time steps per sample a benchmark or comparison accepts.</summary>
    public const int MaxTimeSteps = 10_000;

    /// <summary>Threads per network step.</summary>
    public const int MaxThreads = 256;

    /// <summary>Samples per training batch.</summary>
    public const int MaxBatch = 1024;

    /// <summary>Events a ring between a live camera and the learner may hold (16 bytes each: 1 GiB).</summary>
    public const int MaxRing = 1 << 26;

    /// <summary>Refuses values of <paramref name="option"/> outside [<paramref name="min"/>, <paramref name="max"/>]; <paramref name="what"/> says what the number counts.</summary>
    public static Option<int> Within(this Option<int> option, int min, int max, string what)
    {
        option.Validators.Add(result => Check(result, result.GetValueOrDefault<int>(), min, max, what));
        return option;
    }

    /// <inheritdoc cref="Within(Option{int}, int, int, string)"/>
    public static Option<int?> Within(this Option<int?> option, int min, int max, string what)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } value)
            {
                Check(result, value, min, max, what);
            }
        });
        return option;
    }

    /// <summary>Refuses values outside [<paramref name="min"/>, <paramref name="max"/>], NaN and infinities.</summary>
    public static Option<double?> Within(this Option<double?> option, double min, double max, string what)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is { } value && !(value >= min && value <= max))
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{result.Option.Name} {value} is out of range: give {what} from {min} to {max}"));
            }
        });
        return option;
    }

    private static void Check(System.CommandLine.Parsing.OptionResult result, long value, long min, long max, string what)
    {
        if (value < min || value > max)
        {
            result.AddError(string.Create(CultureInfo.InvariantCulture, $"{result.Option.Name} {value} is out of range: give {what} from {min} to {max}"));
        }
    }
}
