namespace Edge.Host.Teaching;

/// <summary>Where the labels a run learns from come from.</summary>
public enum LabelSourceKind
{
    /// <summary>No labels: every window is only predicted.</summary>
    None,

    /// <summary>The source's own labels: a simulated task's or a dataset's segments.</summary>
    Task,

    /// <summary>A labels file (CSV of start_us,end_us,label) for a recording or a camera.</summary>
    File,

    /// <summary>Teach commands on standard input.</summary>
    Stdin,

    /// <summary>Teach commands on a Unix domain socket.</summary>
    Socket,

    /// <summary>The board's teach buttons: holding one teaches its class.</summary>
    Buttons,

    /// <summary>The live page's controls.</summary>
    Page,

    /// <summary>Commands from the fleet over MQTT.</summary>
    Fleet,
}

/// <summary>
/// One label source per run (<c>--labels task|FILE|stdin|socket:PATH|buttons|page|fleet|none</c>).
/// The interactive ones take the teach command language (<see cref="TeachCommand"/>) and label
/// what the stream shows now.
/// </summary>
/// <param name="Kind">The kind.</param>
/// <param name="Path">The labels file or the socket path, for those kinds.</param>
public sealed record LabelSource(LabelSourceKind Kind, string? Path = null)
{
    /// <summary>True when a teacher labels the stream as it runs (commands, buttons, the page, the fleet).</summary>
    public bool IsInteractive => Kind is LabelSourceKind.Stdin or LabelSourceKind.Socket or LabelSourceKind.Buttons
        or LabelSourceKind.Page or LabelSourceKind.Fleet;

    /// <summary>True when teach commands (<c>label NAME</c>) are taken: every interactive kind but the buttons.</summary>
    public bool TakesCommands => IsInteractive && Kind != LabelSourceKind.Buttons;

    /// <summary>
    /// Parses <paramref name="text"/>: <c>task</c>, <c>stdin</c>, <c>socket:PATH</c>, <c>buttons</c>,
    /// <c>page</c>, <c>fleet</c>, <c>none</c>, <c>file:PATH</c> or a path to a labels file; null or
    /// empty gives null (the default: task for a source with labels, none otherwise).
    /// </summary>
    /// <exception cref="UserInputException"><c>socket:</c> or <c>file:</c> without a path.</exception>
    public static LabelSource? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var value = text.Trim();
        switch (value.ToLowerInvariant())
        {
            case "task":
                return new(LabelSourceKind.Task);
            case "stdin":
                return new(LabelSourceKind.Stdin);
            case "buttons":
                return new(LabelSourceKind.Buttons);
            case "page":
                return new(LabelSourceKind.Page);
            case "fleet":
                return new(LabelSourceKind.Fleet);
            case "none":
                return new(LabelSourceKind.None);
        }
        if (value.StartsWith("socket:", StringComparison.OrdinalIgnoreCase))
        {
            var path = value["socket:".Length..];
            return path.Length == 0 ? throw new UserInputException("labels 'socket:' needs a path: socket:/run/edge/teach.sock") : new(LabelSourceKind.Socket, path);
        }
        if (value.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            var path = value["file:".Length..];
            return path.Length == 0 ? throw new UserInputException("labels 'file:' needs a path") : new(LabelSourceKind.File, path);
        }
        return new(LabelSourceKind.File, value);
    }

    /// <summary>The setting as written: <c>stdin</c>, <c>socket:PATH</c>, a file path …</summary>
    public override string ToString() => Kind switch
    {
        LabelSourceKind.File => Path!,
        LabelSourceKind.Socket => "socket:" + Path,
        _ => Kind.ToString().ToLowerInvariant(),
    };
}
