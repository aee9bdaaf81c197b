using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using SignageKiosk.Controller.Content;
using SignageKiosk.Controller.Web;
using SignageKiosk.Shared.Activities;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Controller.Pages.Admin.Activities;

/// <summary>
/// Create or change an activity and how it repeats. Activities are not moderated (only notices are), so a
/// station master's save goes straight to the boards, like everyone else's.
/// </summary>
public sealed class EditModel(ContentStore content, StaffScope scope, UiText text, TimeProvider time) : ContentFormPage(content, text)
{
    private readonly ContentStore _content = content;

    /// <summary>Monday first, as on a Chinese calendar (一 … 日).</summary>
    public static readonly DayOfWeek[] Week =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    [BindProperty] public string? Id { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Room { get; set; }
    [BindProperty] public string? Organiser { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public DateOnly Date { get; set; }
    [BindProperty] public TimeOnly StartTime { get; set; } = new(9, 0);
    [BindProperty] public TimeOnly EndTime { get; set; } = new(10, 0);
    /// <summary>An evening that runs past midnight; asked, not guessed, so a mistyped end stays an error.</summary>
    [BindProperty] public bool EndsNextDay { get; set; }
    [BindProperty] public RecurrenceFrequency Repeat { get; set; }
    [BindProperty] public List<DayOfWeek> Days { get; set; } = [];
    [BindProperty] public int Interval { get; set; } = 1;
    [BindProperty] public DateOnly? Until { get; set; }
    [BindProperty] public string? TargetPlaceId { get; set; }
    [BindProperty] public bool HeldOnHolidays { get; set; }

    // One one-off change per save: which series date, and what becomes of it.
    [BindProperty] public DateOnly? ChangeDate { get; set; }
    [BindProperty] public string? ChangeStart { get; set; }
    [BindProperty] public string? ChangeEnd { get; set; }
    [BindProperty] public string? ChangeRoom { get; set; }
    [BindProperty] public bool ChangeCancelled { get; set; }
    /// <summary>Series dates whose change is withdrawn (the occurrence goes back to the series).</summary>
    [BindProperty] public List<DateOnly> RemoveChanges { get; set; } = [];

    public bool IsNew => string.IsNullOrEmpty(Id);
    /// <summary>What the place picker offers for a target.</summary>
    public static readonly PlaceKind[] TargetKinds = [PlaceKind.Community, PlaceKind.Compound, PlaceKind.Building];
    /// <summary>The changes stored on the series, by date.</summary>
    public List<OccurrenceChange> Changes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? id, CancellationToken cancellationToken)
    {
        if (!MayEdit(ContentKind.Activity))
        {
            return Denied();
        }
        if (id is not null)
        {
            if (await _content.GetAsync(ContentKind.Activity, id, User, cancellationToken) is not { Item: Activity activity })
            {
                return NotFound();
            }
            (Id, Title, Room, Organiser, Description, TargetPlaceId) = (activity.Id, activity.Title, activity.Room, activity.Organiser, activity.Description, activity.Target.PlaceId);
            (Date, StartTime, EndTime) = (DateOnly.FromDateTime(activity.Start), TimeOnly.FromDateTime(activity.Start), TimeOnly.FromDateTime(activity.End));
            EndsNextDay = activity.End.Date > activity.Start.Date;
            Repeat = activity.Recurrence?.Frequency ?? RecurrenceFrequency.None;
            Days = activity.Recurrence?.DaysOfWeek.ToList() ?? [];
            Interval = activity.Recurrence?.Interval ?? 1;
            Until = activity.Recurrence?.Until;
            HeldOnHolidays = activity.HeldOnHolidays;
            Changes = activity.Recurrence?.Changes.OrderBy(c => c.Date).ToList() ?? [];
        }
        else
        {
            Date = DateOnly.FromDateTime(new StationClock(null).ToLocal(time.GetUtcNow()));
            TargetPlaceId = await scope.DefaultTargetAsync(User, TargetKinds, cancellationToken);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!MayEdit(ContentKind.Activity))
        {
            return Denied();
        }
        // A poster is set through the API; a form save must not drop it.
        var existing = IsNew ? null : (await _content.GetAsync(ContentKind.Activity, Id!, User, cancellationToken))?.Item as Activity;
        // What the form does not show is kept: exception dates, and "the nth weekday" of a monthly series.
        var kept = existing?.Recurrence;
        var nthWeekday = Repeat == RecurrenceFrequency.Monthly && kept is { Frequency: RecurrenceFrequency.Monthly, WeekOfMonth: not null };
        Changes = (kept?.Changes ?? []).Where(c => !RemoveChanges.Contains(c.Date)).ToList();
        if (NewChange() is { } change)
        {
            // A second change for the same date replaces the first: the form edits it.
            Changes = Changes.Where(c => c.Date != change.Date).Append(change).OrderBy(c => c.Date).ToList();
        }
        // Days only mean something for a weekly series; a stale tick from switching the choice is dropped, not an error.
        var recurrence = Repeat == RecurrenceFrequency.None ? null : new Recurrence
        {
            Frequency = Repeat,
            Interval = Interval,
            DaysOfWeek = Repeat == RecurrenceFrequency.Weekly ? Days.Distinct().OrderBy(d => Array.IndexOf(Week, d)).ToList() : nthWeekday ? kept!.DaysOfWeek : [],
            WeekOfMonth = nthWeekday ? kept!.WeekOfMonth : null,
            Until = Until,
            Exceptions = kept?.Exceptions ?? [],
            Changes = Changes,
        };
        var activity = new Activity
        {
            Id = IsNew ? "activity-" + Guid.NewGuid().ToString("N")[..12] : Id!,
            Title = Title?.Trim() ?? "",
            Room = Blank(Room),
            Organiser = Blank(Organiser),
            Description = Blank(Description?.Replace("\r\n", "\n", StringComparison.Ordinal)),
            Start = Date.ToDateTime(StartTime),
            End = (EndsNextDay ? Date.AddDays(1) : Date).ToDateTime(EndTime),
            Recurrence = recurrence,
            HeldOnHolidays = HeldOnHolidays,
            Poster = existing?.Poster,
            Target = ItemTarget.Place(TargetPlaceId ?? ""),
        };
        if (Repeat == RecurrenceFrequency.None && Changes.Count > 0)
        {
            Errors["changes"] = Text.T("只有重复的活动才能单次调整", "Only a repeating activity has single occurrences to change");
        }
        if (await TrySaveAsync(ContentKind.Activity, activity, IsNew ? WriteMode.Create : WriteMode.Replace, cancellationToken))
        {
            return Redirect("/admin/activities?done=saved");
        }
        return Page();
    }

    protected override string FieldKey(string field) => field == "recurrence.changes" ? "changes" : base.FieldKey(field);

    /// <summary>The change typed into the form, or null when none was; problems go to <c>Errors["changes"]</c>.</summary>
    private OccurrenceChange? NewChange()
    {
        var start = ParseLocal(ChangeStart);
        var end = ParseLocal(ChangeEnd);
        var room = Blank(ChangeRoom);
        if (ChangeDate is not { } date)
        {
            if (start is not null || end is not null || room is not null || ChangeCancelled)
            {
                Errors["changes"] = Text.T("请选择调整哪一次（原定日期）", "Choose which time to change (its usual date)");
            }
            return null;
        }
        if ((!string.IsNullOrWhiteSpace(ChangeStart) && start is null) || (!string.IsNullOrWhiteSpace(ChangeEnd) && end is null))
        {
            Errors["changes"] = Text.T("请填写正确的日期和时间", "Enter a valid date and time");
            return null;
        }
        return new OccurrenceChange { Date = date, Start = start, End = end, Room = room, Cancelled = ChangeCancelled };
    }

    private static DateTime? ParseLocal(string? value) =>
        DateTime.TryParseExact(value?.Trim(), ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? local
            : null;

    /// <summary>One stored change in words: 改到 11月22日 09:00–11:00 · 活动室：书画室 · 已取消.</summary>
    public string Describe(OccurrenceChange change)
    {
        var parts = new List<string>();
        if (change.Cancelled)
        {
            parts.Add(Text.T("本次取消", "cancelled"));
        }
        if (change.Start is { } start)
        {
            parts.Add(Text.T("改到 ", "moved to ") + start.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + (change.End is { } e ? "–" + e.ToString(e.Date == start.Date ? "HH:mm" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : ""));
        }
        else if (change.End is { } end)
        {
            parts.Add(Text.T("结束改为 ", "ends ") + end.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        }
        if (change.Room is { } room)
        {
            parts.Add(Text.T("活动室：", "room: ") + room);
        }
        if (change.Title is { } title)
        {
            parts.Add(Text.T("名称：", "title: ") + title);
        }
        if (change.Note is { } note)
        {
            parts.Add(note);
        }
        return string.Join(" · ", parts);
    }
    public bool IsChosen(DayOfWeek day) => Days.Contains(day);

    public string DayName(DayOfWeek day) => Text.T("一二三四五六日"[Array.IndexOf(Week, day)].ToString(), day.ToString()[..3]);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
