namespace Edge.Host.Web.Serving;

/// <summary>The page's static files, embedded in this assembly (nothing is fetched from anywhere at run time).</summary>
internal static class PageFiles
{
    private static readonly Dictionary<string, (byte[] Bytes, string Type)> Files = Load();

    /// <summary>The file at <paramref name="path"/> (<c>/</c> is index.html), or false.</summary>
    public static bool TryGet(string path, out byte[] bytes, out string contentType)
    {
        var name = path is "/" or "" ? "index.html" : path.TrimStart('/');
        if (Files.TryGetValue(name, out var file))
        {
            (bytes, contentType) = file;
            return true;
        }
        (bytes, contentType) = ([], "");
        return false;
    }

    private static Dictionary<string, (byte[], string)> Load()
    {
        var assembly = typeof(PageFiles).Assembly;
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith("page/", StringComparison.Ordinal))
            {
                continue;
            }
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var name = resource["page/".Length..];
            files[name] = (copy.ToArray(), TypeOf(name));
        }
        return files;
    }

    private static string TypeOf(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".png" => "image/png",
        _ => "application/octet-stream",
    };
}
