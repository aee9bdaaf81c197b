using System.Globalization;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Shared.Fleet;

public enum PairingScreenStatus
{
    /// <summary>Asking the controller for a code.</summary>
    Requesting,
    /// <summary>The controller cannot be reached; the kiosk keeps trying.</summary>
    Unreachable,
    /// <summary>A code is on screen, waiting for staff to claim it.</summary>
    ShowingCode,
    /// <summary>Claimed; the first content is on its way.</summary>
    Paired,
    /// <summary>Paired but holding no content (first start, or a damaged cache set aside): it is being fetched.</summary>
    Restoring,
}

public sealed record PairingScreenModel
{
    public required PairingScreenStatus Status { get; init; }
    public string? Code { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    /// <summary>A short technical line for the installer (controller address, last error).</summary>
    public string? Detail { get; init; }
}

/// <summary>
/// The full-screen pairing code an unpaired kiosk shows instead of the board. Its styles are in board.css
/// (the Content-Security-Policy refuses a style element swapped into the page); the code is large enough to read across a room.
/// </summary>
public static class PairingScreen
{
    public static string RenderBody(PairingScreenModel model)
    {
        var html = new HtmlWriter();
        html.Open("div", "pairing", ("data-pairing-status", model.Status.ToString()), ("data-pairing-code", model.Status == PairingScreenStatus.ShowingCode ? model.Code : null), ("lang", "zh-CN"));
        switch (model.Status)
        {
            case PairingScreenStatus.ShowingCode when model.Code is not null:
                html.Element("h1", "pairing-title", "请在管理后台输入配对码");
                html.Element("div", "pairing-code", PairingCode.Display(model.Code), ("aria-label", string.Join(' ', model.Code.ToCharArray())));
                html.Element("p", "pairing-note", model.ExpiresAt is { } expires ? $"有效期至 {LocalTime(expires)}，过期后自动更换新码" : "过期后自动更换新码");
                html.Element("p", "pairing-detail", "Enter this pairing code in the admin console");
                break;
            case PairingScreenStatus.Paired:
                html.Element("h1", "pairing-title", "配对成功");
                html.Element("p", "pairing-note", "正在加载内容，请稍候…");
                break;
            case PairingScreenStatus.Restoring:
                // Never a blank or broken screen: say what is happening and where help is meanwhile.
                html.Element("h1", "pairing-title", "正在载入公告内容…");
                html.Element("p", "pairing-note", "内容正在从管理后台恢复，请稍候");
                html.Element("p", "pairing-note", "紧急求助请拨打 110 · 119 · 120");
                break;
            case PairingScreenStatus.Unreachable:
                html.Element("h1", "pairing-title", "正在连接管理后台…");
                html.Element("p", "pairing-note", "连接成功后将显示配对码");
                break;
            default:
                html.Element("h1", "pairing-title", "正在获取配对码…");
                break;
        }
        if (!string.IsNullOrWhiteSpace(model.Detail))
        {
            html.Element("p", "pairing-detail", model.Detail);
        }
        html.Close("div");
        return html.ToString();
    }

    /// <summary>Before pairing the kiosk knows no station, so times are in the boards' default zone.</summary>
    private static string LocalTime(DateTimeOffset at)
    {
        return TimeZoneInfo.ConvertTime(at, StationClock.Resolve(Station.DefaultTimeZone)).ToString("HH:mm", CultureInfo.InvariantCulture);
    }
}
