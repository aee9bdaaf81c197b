using SignageKiosk.Shared.Content;
using QRCoder;

namespace SignageKiosk.Shared.Board;

/// <summary>QR codes as SVG, drawn locally: a tel: link to dial from a phone, or a notice's text to read on one.</summary>
public static class QrCode
{
    /// <summary>Bytes a board QR may carry and still scan from a phone at arm's length.</summary>
    public const int MaxBytes = 600;

    public static string Svg(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M, forceUtf8: true);
        return new SvgQRCode(data).GetGraphic(8, "#000000", "#ffffff", drawQuietZones: true);
    }

    public static string Tel(string number) => "tel:" + new string(number.Where(c => char.IsDigit(c) || c == '+').ToArray());

    /// <summary>A notice as plain text, cut to what a QR code can carry.</summary>
    public static string NoticeText(string title, string body)
    {
        title = StaffText.Clean(title);
        body = StaffText.Clean(body);
        var text = title + "\n\n" + body;
        while (System.Text.Encoding.UTF8.GetByteCount(text) > MaxBytes)
        {
            text = text[..(text.Length * 9 / 10)];
        }
        return text.Length < (title + "\n\n" + body).Length ? text.TrimEnd() + "…" : text;
    }
}
