using SkiaSharp;

namespace SignageKiosk.Shared.Print;

/// <summary>One run of text as drawn: its page (from 1) and its bounds in points, ink included.</summary>
public sealed record PrintedText(int Page, string Text, SKRect Bounds);

/// <summary>What a render drew: the page count and every text run, so that nothing is clipped unseen.</summary>
public sealed record PrintReport(int Pages, SKRect ContentArea, IReadOnlyList<PrintedText> Texts);
