using System.Globalization;
using SignageKiosk.Shared.Activities;

namespace SignageKiosk.Shared.Board.Panels;

/// <summary>活动安排: what is on now and next, today's and this week's activities, with rooms and organisers.</summary>
internal static class ActivitiesPanel
{
    public const string Id = "activities";

    public static void Render(HtmlWriter html, BoardView view, BoardText text)
    {
        PanelFrame.Open(html, text, Id, text.Activities);
        var now = view.LocalNow;
        var happening = view.Happening;
        // Whatever is not going on yet, in order; a cancelled one says so in its usual place.
        var nowAndNext = happening.Concat(view.Activities.Where(o => !happening.Contains(o)).Take(Math.Max(1, 3 - happening.Count))).ToList();
        var today = view.Activities.Where(o => o.Start.Date == now.Date || happening.Contains(o)).ToList();
        var week = view.Activities.Where(o => o.Start.Date > now.Date).ToList();

        html.Open("div", "tabs");
        html.Button("tab selected", "tab", text.NowAndNext, ("data-tab", "now"));
        html.Button("tab", "tab", text.Today, ("data-tab", "today"));
        html.Button("tab", "tab", text.ThisWeek, ("data-tab", "week"));
        html.Close("div");
        Tab(html, view, text, "now", nowAndNext, visible: true);
        Tab(html, view, text, "today", today, visible: false);
        Tab(html, view, text, "week", week, visible: false);
        PanelFrame.Close(html);
    }

    private static void Tab(HtmlWriter html, BoardView view, BoardText text, string name, List<Occurrence> occurrences, bool visible)
    {
        html.Open("div", "tab-page", ("data-tab-page", name), ("hidden", visible ? null : ""));
        if (occurrences.Count == 0)
        {
            html.Element("p", "empty", text.NoActivities);
        }
        PanelFrame.OpenPaged(html, "activities-" + name, "activity-list");
        foreach (var occurrence in occurrences)
        {
            Item(html, view, text, occurrence);
        }
        PanelFrame.ClosePaged(html, text, "activities-" + name);
        html.Close("div");
    }

    private static void Item(HtmlWriter html, BoardView view, BoardText text, Occurrence occurrence)
    {
        var now = view.LocalNow;
        var happening = view.Happening.Contains(occurrence);
        var state = happening ? " now" : occurrence.Cancelled ? " cancelled" : occurrence.Moved ? " moved" : "";
        html.Open("div", "activity" + state, ("data-activity-id", occurrence.Activity.Id),
            ("data-series-date", occurrence.Change is null ? null : occurrence.SeriesDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        html.Open("div", "when");
        if (happening)
        {
            html.Element("span", "tag", text.Happening);
        }
        if (occurrence.Cancelled)
        {
            html.Element("span", "tag", text.Cancelled);
        }
        else if (occurrence.Moved)
        {
            html.Element("span", "tag", text.Moved);
        }
        html.Text(When(occurrence.Start, now, text));
        html.Text(" " + occurrence.Start.ToString("HH:mm", CultureInfo.InvariantCulture) + "–"
            + (occurrence.End.Date > occurrence.Start.Date ? text.NextDay : "") + occurrence.End.ToString("HH:mm", CultureInfo.InvariantCulture));
        html.Close("div");
        html.Element("strong", "title", occurrence.Title);
        html.Open("div", "details");
        if (occurrence.Moved)
        {
            var usual = occurrence.SeriesDate.ToDateTime(TimeOnly.FromDateTime(occurrence.Activity.Start));
            html.Element("span", "usual", text.OriginallyAt(When(usual, now, text) + " " + usual.ToString("HH:mm", CultureInfo.InvariantCulture)));
        }
        if (!string.IsNullOrEmpty(occurrence.Room))
        {
            html.Element("span", "room", occurrence.Room);
        }
        if (!string.IsNullOrEmpty(occurrence.Activity.Organiser))
        {
            html.Element("span", "organiser", occurrence.Activity.Organiser);
        }
        if (!string.IsNullOrEmpty(occurrence.Note))
        {
            html.Element("span", "note", occurrence.Note);
        }
        html.Close("div");
        html.Close("div");
    }

    private static string When(DateTime at, DateTime now, BoardText text) =>
        at.Date == now.Date ? text.Today : text.ShortDate(at) + " " + text.Weekday(at.DayOfWeek);
}
