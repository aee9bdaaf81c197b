namespace SignageKiosk.Shared.Board;

/// <summary>The board's stylesheet and scripts, embedded so the kiosk and the controller's preview serve the same bytes.</summary>
public static class BoardAssets
{
    private static readonly Dictionary<string, string> Cache = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

    public static string Css => Read("board.css");
    public static string Script => Read("board.js");

    public static string ContentType(string name) =>
        name.EndsWith(".css", StringComparison.Ordinal) ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";

    public static string? Find(string name)
    {
        var assembly = typeof(BoardAssets).Assembly;
        return assembly.GetManifestResourceInfo("assets/" + name) is null ? null : Read(name);
    }

    private static string Read(string name)
    {
        lock (Gate)
        {
            if (!Cache.TryGetValue(name, out var text))
            {
                using var stream = typeof(BoardAssets).Assembly.GetManifestResourceStream("assets/" + name)
                    ?? throw new FileNotFoundException("board asset missing", name);
                using var reader = new StreamReader(stream);
                Cache[name] = text = reader.ReadToEnd();
            }
            return text;
        }
    }
}
