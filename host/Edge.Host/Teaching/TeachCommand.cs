using System.Globalization;
using Edge.Host.Runs;

namespace Edge.Host.Teaching;

/// <summary>What a teach command asks for.</summary>
public enum TeachCommandKind
{
    /// <summary><c>label NAME</c>: teach NAME from the current stream position.</summary>
    Label,

    /// <summary><c>label -</c>: stop teaching.</summary>
    StopLabel,

    /// <summary><c>mode learn|infer</c>.</summary>
    Mode,

    /// <summary><c>lr X</c>: the learning rate from now on.</summary>
    LearningRate,

    /// <summary><c>save</c>: a checkpoint now.</summary>
    Save,
}

/// <summary>
/// One line of the teach command language, which stdin, the socket, the page and the fleet all
/// speak: <c>label NAME</c>, <c>label -</c>, <c>mode learn|infer</c>, <c>lr X</c>, <c>save</c>.
/// </summary>
/// <param name="Kind">What it asks for.</param>
/// <param name="Text">The line as given (trimmed).</param>
/// <param name="ClassName">The class of <c>label NAME</c>.</param>
/// <param name="Mode">The mode of <c>mode</c>.</param>
/// <param name="LearningRate">The rate of <c>lr</c>.</param>
public readonly record struct TeachCommand(TeachCommandKind Kind, string Text, string? ClassName = null, RunMode Mode = RunMode.Learn, float LearningRate = 0)
{
    /// <summary>Parses one line.</summary>
    /// <param name="line">The command.</param>
    /// <param name="command">The command, when it parses.</param>
    /// <param name="error">Why it does not, in one line.</param>
    /// <returns>True when the line is a well-formed command.</returns>
    public static bool TryParse(string line, out TeachCommand command, out string error)
    {
        ArgumentNullException.ThrowIfNull(line);
        var text = line.Trim();
        command = default;
        error = "";
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var verb = (space < 0 ? text : text[..space]).ToLowerInvariant();
        var argument = space < 0 ? "" : text[(space + 1)..].Trim();
        switch (verb)
        {
            case "label" when argument == "-":
                command = new(TeachCommandKind.StopLabel, text);
                return true;
            case "label" when argument.Length > 0:
                command = new(TeachCommandKind.Label, text, ClassName: argument);
                return true;
            case "label":
                error = "label needs a class name, or - to stop teaching";
                return false;
            case "mode" when RunModes.TryParse(argument, out var mode):
                command = new(TeachCommandKind.Mode, text, Mode: mode);
                return true;
            case "mode":
                error = $"mode '{argument}' is not learn or infer";
                return false;
            case "lr" when float.TryParse(argument, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate > 0 && float.IsFinite(rate):
                command = new(TeachCommandKind.LearningRate, text, LearningRate: rate);
                return true;
            case "lr":
                error = $"lr '{argument}' is not a positive number";
                return false;
            case "save" when argument.Length == 0:
                command = new(TeachCommandKind.Save, text);
                return true;
            case "":
                error = "empty command";
                return false;
            default:
                error = $"unknown command '{verb}' (commands: label NAME, label -, mode learn|infer, lr X, save)";
                return false;
        }
    }
}
