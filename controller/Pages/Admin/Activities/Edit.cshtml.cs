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
    [BindProperty] public RecurrenceFrequency Repeat { get; set; }
    [BindProperty] public List<DayOfWeek> Days { get; set; } = [];
    [BindProperty] public int Interval { get; set; } = 1;
    [BindProperty] public DateOnly? Until { get; set; }
    [BindProperty] public string? TargetPlaceId { get; set; }

    public bool IsNew => string.IsNullOrEmpty(Id);
    public List<(Place Place, string Path)> Targets { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? id, CancellationToken cancellationToken)
    {
        if (!MayEdit(ContentKind.Activity))
        {
            return Denied();
        }
        Targets = await scope.TargetPlacesAsync(User, cancellationToken);
        if (id is not null)
        {
            if (await _content.GetAsync(ContentKind.Activity, id, User, cancellationToken) is not { Item: Activity activity })
            {
                return NotFound();
            }
            (Id, Title, Room, Organiser, Description, TargetPlaceId) = (activity.Id, activity.Title, activity.Room, activity.Organiser, activity.Description, activity.Target.PlaceId);
            (Date, StartTime, EndTime) = (DateOnly.FromDateTime(activity.Start), TimeOnly.FromDateTime(activity.Start), TimeOnly.FromDateTime(activity.End));
            Repeat = activity.Recurrence?.Frequency ?? RecurrenceFrequency.None;
            Days = activity.Recurrence?.DaysOfWeek.ToList() ?? [];
            Interval = activity.Recurrence?.Interval ?? 1;
            Until = activity.Recurrence?.Until;
        }
        else
        {
            Date = DateOnly.FromDateTime(new StationClock(null).ToLocal(time.GetUtcNow()));
            TargetPlaceId = Targets.FirstOrDefault(t => t.Place.Kind == PlaceKind.Compound).Place?.Id ?? Targets.FirstOrDefault().Place?.Id;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!MayEdit(ContentKind.Activity))
        {
            return Denied();
        }
        Targets = await scope.TargetPlacesAsync(User, cancellationToken);
        // A poster is set through the API; a form save must not drop it.
        var existing = IsNew ? null : (await _content.GetAsync(ContentKind.Activity, Id!, User, cancellationToken))?.Item as Activity;
        // Days only mean something for a weekly series; a stale tick from switching the choice is dropped, not an error.
        var recurrence = Repeat == RecurrenceFrequency.None ? null : new Recurrence
        {
            Frequency = Repeat,
            Interval = Interval,
            DaysOfWeek = Repeat == RecurrenceFrequency.Weekly ? Days.Distinct().OrderBy(d => Array.IndexOf(Week, d)).ToList() : [],
            Until = Until,
        };
        var activity = new Activity
        {
            Id = IsNew ? "activity-" + Guid.NewGuid().ToString("N")[..12] : Id!,
            Title = Title?.Trim() ?? "",
            Room = Blank(Room),
            Organiser = Blank(Organiser),
            Description = Blank(Description?.Replace("\r\n", "\n", StringComparison.Ordinal)),
            Start = Date.ToDateTime(StartTime),
            End = Date.ToDateTime(EndTime),
            Recurrence = recurrence,
            Poster = existing?.Poster,
            Target = ItemTarget.Place(TargetPlaceId ?? ""),
        };
        if (await TrySaveAsync(ContentKind.Activity, activity, IsNew ? WriteMode.Create : WriteMode.Replace, cancellationToken))
        {
            return Redirect("/admin/activities?done=saved");
        }
        return Page();
    }

    public bool IsChosen(DayOfWeek day) => Days.Contains(day);

    public string DayName(DayOfWeek day) => Text.T("一二三四五六日"[Array.IndexOf(Week, day)].ToString(), day.ToString()[..3]);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
