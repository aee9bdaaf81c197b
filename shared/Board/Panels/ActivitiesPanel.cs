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
        var happening = view.Activities.Where(o => o.Start <= now && now < o.End).ToList();
        var nowAndNext = happening.Concat(view.Activities.Where(o => o.Start > now).Take(Math.Max(1, 3 - happening.Count))).ToList();
        var today = view.Activities.Where(o => o.Start.Date == now.Date || (o.Start < now && now < o.End)).ToList();
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
        var happening = occurrence.Start <= now && now < occurrence.End;
        html.Open("div", "activity" + (happening ? " now" : ""), ("data-activity-id", occurrence.Activity.Id));
        html.Open("div", "when");
        if (happening)
        {
            html.Element("span", "tag", text.Happening);
        }
        html.Text(occurrence.Start.Date == now.Date ? text.Today : text.ShortDate(occurrence.Start) + " " + text.Weekday(occurrence.Start.DayOfWeek));
        html.Text(" " + occurrence.Start.ToString("HH:mm", CultureInfo.InvariantCulture) + "–" + occurrence.End.ToString("HH:mm", CultureInfo.InvariantCulture));
        html.Close("div");
        html.Element("strong", "title", occurrence.Activity.Title);
        html.Open("div", "details");
        if (!string.IsNullOrEmpty(occurrence.Activity.Room))
        {
            html.Element("span", "room", occurrence.Activity.Room);
        }
        if (!string.IsNullOrEmpty(occurrence.Activity.Organiser))
        {
            html.Element("span", "organiser", occurrence.Activity.Organiser);
        }
        html.Close("div");
        html.Close("div");
    }
}
