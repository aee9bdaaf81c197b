using System.Text.Json;

namespace SignageKiosk.Shared.Board;

/// <summary>How the board page behaves on a screen; written into the page for its script.</summary>
public sealed record BoardPageConfig
{
    /// <summary>Seconds without a touch before the board returns home and starts its attract loop.</summary>
    public int IdleSeconds { get; init; } = 90;
    /// <summary>Seconds each screen shows during the attract loop.</summary>
    public int AttractSeconds { get; init; } = 12;
    /// <summary>Seconds each pinned or urgent notice stays in the ticker.</summary>
    public int TickerSeconds { get; init; } = 8;
    /// <summary>Longest text sent to read-aloud at once (a panel's visible page is far shorter).</summary>
    public int SpeechMaxCharacters { get; init; } = 2000;
    /// <summary>A controller preview: no live updates, no idle loop, no speech; otherwise the same board.</summary>
    public bool Preview { get; init; }
    /// <summary>The host's clock when the page was made (corrected against the controller), for the header clock.</summary>
    public long? NowUnixMs { get; init; }
    /// <summary>The kiosk host's per-boot token, sent back on the host's calls that change something (none in a preview).</summary>
    public string? KioskToken { get; init; }
}

/// <summary>
/// The page Chromium shows. The first board is rendered into the page itself (no empty first frame);
/// the script then swaps in new renderings whenever the host says something changed.
/// </summary>
public static class BoardPage
{
    private static readonly JsonSerializerOptions ConfigJson = new(JsonSerializerDefaults.Web);

    public static string Html(string body, BoardPageConfig config, AccessibilitySettings? settings = null) =>
        $$"""
        <!doctype html>
        <html {{BoardRenderer.RootAttributes(settings ?? AccessibilitySettings.Default)}} translate="no">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=1, user-scalable=no">
        <meta name="google" content="notranslate">
        <title>社区公告屏</title>
        <link rel="stylesheet" href="/assets/board.css">
        </head>
        <body>
        <div id="board">{{body}}</div>
        <script id="board-config" type="application/json">{{JsonSerializer.Serialize(config, ConfigJson)}}</script>
        <script src="/assets/board.js"></script>
        </body>
        </html>
        """;
}
