using SignageKiosk.Controller.Settings;

namespace SignageKiosk.Controller.Media;

/// <summary>Limits and output settings for uploaded pictures (section "Photos"; docs/decisions/0024).</summary>
public sealed class PhotoOptions
{
    public const string Section = "Photos";

    /// <summary>Most pixels a picture may declare in its header; more is refused before any pixel is decoded.</summary>
    public long MaxPixels { get; set; } = 50_000_000;

    /// <summary>Longest side a picture may declare (a 100000×10 strip is under the pixel limit but no photo).</summary>
    public int MaxSide { get; set; } = 20_000;

    /// <summary>The stored picture fits in a square of this side: a kiosk screen is 1920 wide at most.</summary>
    public int MaxEdge { get; set; } = 1920;

    public int JpegQuality { get; set; } = 85;

    /// <summary>
    /// Pictures decoded at once. A PNG is decoded at full size (up to 4 bytes a pixel, 200 MB at the pixel limit), so
    /// the controller's memory is bounded by this times that, not by how many staff upload together.
    /// </summary>
    public int ConcurrentDecodes { get; set; } = 2;

    /// <summary>What is wrong with these settings, or null.</summary>
    public string? Problem() =>
        MaxPixels < 1 ? Must("MaxPixels", "须大于 0", "must be positive")
        : MaxSide < 1 ? Must("MaxSide", "须大于 0", "must be positive")
        : MaxEdge < 1 ? Must("MaxEdge", "须大于 0", "must be positive")
        : JpegQuality is < 1 or > 100 ? Must("JpegQuality", "须在 1 到 100 之间", "must be between 1 and 100")
        : ConcurrentDecodes < 1 ? Must("ConcurrentDecodes", "须至少为 1", "must be at least 1")
        : null;

    private static string Must(string setting, string zh, string en) => SettingsRegistration.Must(Section + ":" + setting, zh, en);
}
