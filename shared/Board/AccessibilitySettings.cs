namespace SignageKiosk.Shared.Board;

public enum TextSize
{
    /// <summary>Body text 28 px at 1080p.</summary>
    Standard,
    /// <summary>Body text 36 px (长辈模式).</summary>
    Large,
    /// <summary>Body text 44 px.</summary>
    ExtraLarge,
}

/// <summary>The default theme plus the four schemes of the cities' public-service sites.</summary>
public enum ColorScheme
{
    Default,
    /// <summary>白底黑字</summary>
    WhiteBlack,
    /// <summary>蓝底黄字</summary>
    BlueYellow,
    /// <summary>黄底黑字</summary>
    YellowBlack,
    /// <summary>黑底黄字</summary>
    BlackYellow,
}

public enum BoardLanguage
{
    Zh,
    En,
}

/// <summary>What a resident chose on the board (or what a preview asks for).</summary>
public sealed record AccessibilitySettings
{
    public TextSize TextSize { get; init; }
    public ColorScheme Scheme { get; init; }
    public BoardLanguage Language { get; init; }
    public bool Pinyin { get; init; }

    public static readonly AccessibilitySettings Default = new();

    public static string Name(TextSize size) => size switch
    {
        TextSize.Large => "large",
        TextSize.ExtraLarge => "xlarge",
        _ => "standard",
    };

    public static string Name(ColorScheme scheme) => scheme switch
    {
        ColorScheme.WhiteBlack => "white-black",
        ColorScheme.BlueYellow => "blue-yellow",
        ColorScheme.YellowBlack => "yellow-black",
        ColorScheme.BlackYellow => "black-yellow",
        _ => "default",
    };

    /// <summary>Reads the names used in URLs and on the page; anything unknown falls back to the default.</summary>
    public static AccessibilitySettings Parse(string? size, string? scheme, string? language, string? pinyin) => new()
    {
        TextSize = Enum.GetValues<TextSize>().FirstOrDefault(s => Name(s) == size),
        Scheme = Enum.GetValues<ColorScheme>().FirstOrDefault(s => Name(s) == scheme),
        Language = language == "en" ? BoardLanguage.En : BoardLanguage.Zh,
        Pinyin = pinyin is "1" or "true",
    };
}
