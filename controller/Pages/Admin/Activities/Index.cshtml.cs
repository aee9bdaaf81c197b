using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Content;
using SignageKiosk.Controller.Places;
using SignageKiosk.Controller.Web;
using SignageKiosk.Shared.Activities;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Controller.Pages.Admin.Activities;

/// <summary>活动安排: every activity in the staff member's area, with how it repeats said in words.</summary>
public sealed class IndexModel(ContentStore content, StructureStore structure, UiText text) : ContentFormPage(content, text)
{
    private readonly ContentStore _content = content;
    private Dictionary<string, string> _places = [];

    public ContentListView List { get; private set; } = ContentListView.For("/admin/activities", null, null, null);

    public List<Activity> Activities { get; private set; } = [];
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken cancellationToken)
    {
        if (!MayEdit(ContentKind.Activity))
        {
            return Denied();
        }
        Message = DoneMessage(done);
        // 50 at a time in the order this page always had; ?q= searches, ?placeId= narrows to one place and below.
        List = ContentListView.FromRequest("/admin/activities", Request);
        var rows = await List.LoadAsync(_content, structure, ContentKind.Activity, User, cancellationToken);
        _places = ContentListView.PlaceNames(rows);
        Activities = rows.Select(s => (Activity)s.Item).ToList();
        return Page();
    }

    public Task<IActionResult> OnPostDeleteAsync(string id, CancellationToken cancellationToken) =>
        DeleteThenRedirectAsync(ContentKind.Activity, id, "/admin/activities?done=deleted", cancellationToken);

    public string When(Activity activity) =>
        activity.Start.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + "–"
        + (activity.End.Date > activity.Start.Date ? Text.T("次日", "next day ") : "") + activity.End.ToString("HH:mm", CultureInfo.InvariantCulture);

    public string Until(Activity activity) =>
        activity.Recurrence is { Frequency: not RecurrenceFrequency.None, Until: { } until } ? until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "—";

    /// <summary>每周二、四 / 每2周一 / 每天 / 每月 / 仅一次 — the way staff say it.</summary>
    public string Repeats(Activity activity)
    {
        var rule = activity.Recurrence;
        if (rule is null || rule.Frequency == RecurrenceFrequency.None)
        {
            return Text.T("仅一次", "Once");
        }
        var n = rule.Interval;
        var every = n > 1 ? n.ToString(CultureInfo.InvariantCulture) : "";
        switch (rule.Frequency)
        {
            case RecurrenceFrequency.Daily:
                return n > 1 ? Text.T($"每{every}天", $"Every {n} days") : Text.T("每天", "Daily");
            case RecurrenceFrequency.Monthly:
                return n > 1 ? Text.T($"每{every}个月", $"Every {n} months") : Text.T("每月", "Monthly");
            default:
                // No days chosen means the weekday of the first occurrence.
                var days = (rule.DaysOfWeek.Count > 0 ? rule.DaysOfWeek : [activity.Start.DayOfWeek])
                    .Distinct().OrderBy(d => Array.IndexOf(EditModel.Week, d)).ToList();
                var zh = string.Join("、", days.Select(d => "一二三四五六日"[Array.IndexOf(EditModel.Week, d)]));
                var en = string.Join(", ", days.Select(d => d.ToString()[..3]));
                return n > 1 ? Text.T($"每{every}周{zh}", $"Every {n} weeks on {en}") : Text.T($"每周{zh}", $"Weekly on {en}");
        }
    }

    public string PlaceName(string? id) => id is not null && _places.TryGetValue(id, out var name) ? name : id ?? "";
}
