namespace SignageKiosk.Shared.Print;

/// <summary>
/// A paper layout as data (content/layouts/print-*.json). Lengths are PDF points (1/72 inch): A4 is 595.28 × 841.89.
/// <see cref="Fonts"/> is the order in which families are tried for each character; anything none of them has
/// goes to fontconfig's match, emoji to <see cref="EmojiFont"/>.
/// </summary>
public sealed record PrintLayout
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public float PageWidth { get; init; } = 595.28f;
    public float PageHeight { get; init; } = 841.89f;
    public PrintMargins Margins { get; init; } = new();
    public IReadOnlyList<string> Fonts { get; init; } = ["Noto Sans CJK SC"];
    public string EmojiFont { get; init; } = "Noto Color Emoji";
    public float TitleSize { get; init; } = 22;
    public float SubtitleSize { get; init; } = 11;
    public float HeaderSize { get; init; } = 11;
    public float BodySize { get; init; } = 11;
    public float FooterSize { get; init; } = 9;
    /// <summary>Line pitch as a multiple of the font size.</summary>
    public float LineHeight { get; init; } = 1.35f;
    public float CellPadding { get; init; } = 4;
    public string Accent { get; init; } = "#C8102E";
    public IReadOnlyList<PrintColumn> Columns { get; init; } = [];
    /// <summary>A QR code's side, quiet zone included (notice and poster layouts).</summary>
    public float QrSize { get; init; } = 96;
    /// <summary>A picture's greatest height as a share of the content height; its width is the content width.</summary>
    public float PictureMaxHeight { get; init; } = 0.4f;
    /// <summary>
    /// For a layout that grows (the poster): the tallest it may become. <see cref="PageHeight"/> is then its
    /// least height. 0: pages have a fixed height and text continues on the next page.
    /// </summary>
    public float MaxHeight { get; init; }

    public float ContentLeft => Margins.Left;
    public float ContentTop => Margins.Top;
    public float ContentRight => PageWidth - Margins.Right;
    public float ContentBottom => PageHeight - Margins.Bottom;
    public float ContentWidth => ContentRight - ContentLeft;
}

public sealed record PrintMargins
{
    public float Top { get; init; } = 42.5f;
    public float Right { get; init; } = 42.5f;
    public float Bottom { get; init; } = 42.5f;
    public float Left { get; init; } = 42.5f;
}

/// <summary>A table column: what it shows (<see cref="Key"/>), its heading, and its share of the width.</summary>
public sealed record PrintColumn
{
    public required string Key { get; init; }
    public required string Title { get; init; }
    public float Width { get; init; } = 1;
}
