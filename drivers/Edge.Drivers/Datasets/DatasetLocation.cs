namespace Edge.Drivers.Datasets;

/// <summary>
/// Where a dataset is and what it is: <c>KIND:PATH</c> on the command line, e.g.
/// <c>nmnist:/data/N-MNIST</c> or <c>shd:~/datasets/SHD</c>.
/// </summary>
/// <param name="Kind">The dataset.</param>
/// <param name="Path">Its root folder.</param>
public readonly record struct DatasetLocation(DatasetKind Kind, string Path)
{
    /// <summary>Parses <c>KIND:PATH</c>; on failure <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(string? text, out DatasetLocation location, out string error)
    {
        location = default;
        var colon = text?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (text is null || colon <= 0 || colon == text.Length - 1)
        {
            error = $"'{text}' is not KIND:PATH (kinds: {DatasetNames.AllKinds}; e.g. nmnist:/data/N-MNIST)";
            return false;
        }
        if (!DatasetNames.TryParseKind(text[..colon], out var kind))
        {
            error = $"unknown dataset kind '{text[..colon]}' (kinds: {DatasetNames.AllKinds})";
            return false;
        }
        var path = text[(colon + 1)..];
        if (path.StartsWith('~'))
        {
            path = System.IO.Path.Join(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path[1..]);
        }
        location = new DatasetLocation(kind, path);
        error = "";
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => $"{DatasetNames.Of(Kind)}:{Path}";
}
