using System.Globalization;

namespace SignageKiosk.Shared.Board.Panels;

/// <summary>Station name, date, weekday and clock; and the buttons residents need on every screen.</summary>
internal static class HeaderZone
{
    public static void Render(HtmlWriter html, BoardView view, BoardText text)
    {
        html.Element("h1", "station", view.Station?.Name ?? text.DefaultStation);
        html.Open("div", "today", ("data-utc-offset-minutes", ((int)view.UtcOffset.TotalMinutes).ToString(CultureInfo.InvariantCulture)));
        html.Element("span", "date", text.Date(view.LocalNow));
        html.Element("span", "weekday", text.Weekday(view.LocalNow.DayOfWeek));
        if (view.Holiday is { } holiday)
        {
            html.Element("span", "holiday", holiday.Name, ("data-holiday-id", holiday.Id));
        }
        html.Element("span", "clock", view.LocalNow.ToString("HH:mm", CultureInfo.InvariantCulture));
        html.Close("div");
        html.Open("div", "header-actions");
        html.Button("header-button read-aloud", "speak", text.ReadAloud, ("data-stop-label", text.StopReading));
        html.Button("header-button elder-mode", "elder", text.ElderMode);
        html.Button("header-button a11y-open", "a11y", text.Accessibility);
        html.Close("div");
    }
}
