using SignageKiosk.Shared.Broadcasts;

namespace SignageKiosk.Shared.Board.Panels;

/// <summary>
/// 紧急通知: the live emergency broadcast over everything, in the largest type. It is part of the board's HTML,
/// so a kiosk shows it from its cache alone, and the screens beneath keep the resident's place for when it ends.
/// </summary>
internal static class BroadcastOverlay
{
    public static void Render(HtmlWriter html, BoardView view, BoardText text, StationClock clock)
    {
        if (view.Broadcast is not EmergencyBroadcast broadcast)
        {
            return;
        }
        var ends = broadcast.ClearedAt is { } cleared && cleared < broadcast.EndsAt ? cleared : broadcast.EndsAt;
        var endsLocal = clock.ToLocal(ends);
        var time = endsLocal.Date == view.LocalNow.Date ? endsLocal.ToString("HH:mm") : endsLocal.ToString("M月d日 HH:mm");
        if (text == BoardText.En && endsLocal.Date != view.LocalNow.Date)
        {
            time = endsLocal.ToString("d MMM HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        }
        html.Open("div", "broadcast", ("role", "alertdialog"), ("aria-live", "assertive"), ("aria-labelledby", "broadcast-title"),
            ("data-broadcast-id", broadcast.Id), ("data-broadcast-version", broadcast.StartsAt.ToUnixTimeMilliseconds().ToString()));
        html.Element("div", "broadcast-heading", "⚠ " + text.EmergencyBroadcast);
        html.Element("h1", "broadcast-title", broadcast.Title, ("id", "broadcast-title"));
        if (!string.IsNullOrWhiteSpace(broadcast.Body))
        {
            html.Element("p", "broadcast-body", broadcast.Body);
        }
        html.Element("div", "broadcast-until", text.BroadcastUntil(time));
        html.Close("div");
    }
}
