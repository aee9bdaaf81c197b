using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Api.Paging;
using SignageKiosk.Controller.Content;
using SignageKiosk.Controller.Places;
using SignageKiosk.Controller.Web;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Duty;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Controller.Pages.Admin.Duty;

/// <summary>The duty roster as a week calendar: overnight shifts, and last week copied in one click.</summary>
public sealed class IndexModel(ContentStore content, StructureStore structure, PlaceDirectory directory, StaffScope scope, UiText text, TimeProvider time) : ContentFormPage(content, text)
{
    private readonly ContentStore _content = content;
    private List<DutyShift> _shifts = [];

    [BindProperty] public string? Id { get; set; }
    [BindProperty] public DateOnly Date { get; set; }
    [BindProperty] public TimeOnly StartTime { get; set; } = new(8, 0);
    [BindProperty] public TimeOnly EndTime { get; set; } = new(18, 0);
    [BindProperty] public string? PersonName { get; set; }
    [BindProperty] public string? Role { get; set; }
    [BindProperty] public string? Phone { get; set; }
    [BindProperty] public string? Location { get; set; }
    [BindProperty] public string? TargetPlaceId { get; set; }

    public DateOnly WeekStart { get; private set; }
    /// <summary>What the place pickers offer: a shift is a community's or a compound's.</summary>
    public static readonly PlaceKind[] TargetKinds = [PlaceKind.Community, PlaceKind.Compound];
    /// <summary>Whose week 打印 prints: the place the list is narrowed to, else the caller's one community or compound.</summary>
    public PlaceMatch? PrintPlace { get; private set; }
    public string? Message { get; private set; }
    /// <summary>This week's shifts, 50 at a time (a district's week can hold thousands), searched and narrowed to a place.</summary>
    public ContentListView List { get; private set; } = ContentListView.For("/admin/duty", null, null, null);

    public async Task<IActionResult> OnGetAsync(string? week, string? edit, string? done, CancellationToken cancellationToken)
    {
        if (!MayEdit(ContentKind.DutyShift))
        {
            return Denied();
        }
        await LoadAsync(week, cancellationToken);
        Message = done == "copied" ? Text.T("已复制上周排班。", "Last week's shifts were copied.") : DoneMessage(done);
        Date = WeekStart;
        if (edit is not null && (await _content.GetAsync(ContentKind.DutyShift, edit, User, cancellationToken))?.Item is DutyShift shift)
        {
            (Id, PersonName, Role, Phone, Location, TargetPlaceId) = (shift.Id, shift.PersonName, shift.Role, shift.Phone, shift.Location, shift.Target.PlaceId);
            (Date, StartTime, EndTime) = (DateOnly.FromDateTime(shift.Start), TimeOnly.FromDateTime(shift.Start), TimeOnly.FromDateTime(shift.End));
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? week, CancellationToken cancellationToken)
    {
        if (!MayEdit(ContentKind.DutyShift))
        {
            return Denied();
        }
        var start = Date.ToDateTime(StartTime);
        // An end at or before the start is the next morning: that is how staff write a night shift.
        var end = Date.ToDateTime(EndTime) <= start ? Date.AddDays(1).ToDateTime(EndTime) : Date.ToDateTime(EndTime);
        var shift = new DutyShift
        {
            Id = string.IsNullOrEmpty(Id) ? "duty-" + Guid.NewGuid().ToString("N")[..12] : Id,
            PersonName = PersonName?.Trim() ?? "",
            Role = Role?.Trim() ?? "",
            Phone = string.IsNullOrWhiteSpace(Phone) ? null : Phone.Trim(),
            Location = string.IsNullOrWhiteSpace(Location) ? null : Location.Trim(),
            Start = start,
            End = end,
            Target = ItemTarget.Place(TargetPlaceId ?? ""),
        };
        if (await TrySaveAsync(ContentKind.DutyShift, shift, string.IsNullOrEmpty(Id) ? WriteMode.Create : WriteMode.Replace, cancellationToken))
        {
            return Redirect($"/admin/duty?week={Week(DateOnly.FromDateTime(start)):yyyy-MM-dd}&done=saved");
        }
        await LoadAsync(week, cancellationToken);
        return Page();
    }

    public Task<IActionResult> OnPostDeleteAsync(string id, string? week, CancellationToken cancellationToken) =>
        DeleteThenRedirectAsync(ContentKind.DutyShift, id, $"/admin/duty?week={week}&done=deleted", cancellationToken);

    /// <summary>Copies last week's shifts into this week, skipping any that are already there.</summary>
    public async Task<IActionResult> OnPostCopyLastWeekAsync(string? week, CancellationToken cancellationToken)
    {
        if (!MayEdit(ContentKind.DutyShift))
        {
            return Denied();
        }
        await LoadAsync(week, cancellationToken);
        var from = WeekStart.AddDays(-7).ToDateTime(TimeOnly.MinValue);
        var to = WeekStart.ToDateTime(TimeOnly.MinValue);
        // Both weeks whole (not one page): what to copy, and what is already there.
        var twoWeeks = await AllShiftsAsync(WeekStart.AddDays(-7), WeekStart.AddDays(6), cancellationToken);
        foreach (var shift in twoWeeks.Where(s => s.Start >= from && s.Start < to))
        {
            var copy = shift with { Id = $"{shift.Id.Split("-w")[0]}-w{WeekStart:yyyyMMdd}", Start = shift.Start.AddDays(7), End = shift.End.AddDays(7) };
            if (twoWeeks.Any(s => s.Id == copy.Id || (s.PersonName == copy.PersonName && s.Start == copy.Start)))
            {
                continue;
            }
            if (!await TrySaveAsync(ContentKind.DutyShift, copy, WriteMode.Create, cancellationToken))
            {
                return Page();
            }
        }
        return Redirect($"/admin/duty?week={WeekStart:yyyy-MM-dd}&done=copied");
    }

    private async Task LoadAsync(string? week, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(new StationClock(null).ToLocal(time.GetUtcNow()));
        WeekStart = Week(DateOnly.TryParseExact(week, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var chosen) ? chosen : today);
        List = ContentListView.FromRequest("/admin/duty", Request, ("week", WeekStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        var defaultTarget = await scope.DefaultTargetAsync(User, TargetKinds, cancellationToken);
        TargetPlaceId ??= List.PlaceId ?? defaultTarget;
        PrintPlace = await directory.FindAsync(User, List.PlaceId ?? defaultTarget, cancellationToken) is { Kind: PlaceKind.Community or PlaceKind.Compound } print ? print : null;
        _shifts = (await List.LoadAsync(_content, structure, ContentKind.DutyShift, User, cancellationToken, new ContentListFilter(List.PlaceId, WeekStart, WeekStart.AddDays(6))))
            .Select(s => (DutyShift)s.Item).ToList();
    }

    private async Task<List<DutyShift>> AllShiftsAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        (await _content.ListAllAsync(ContentKind.DutyShift, User, new ContentListFilter(null, from, to), cancellationToken)).Select(s => (DutyShift)s.Item).ToList();

    /// <summary>Another week of this list: the search and the place filter stay.</summary>
    public string WeekLink(int days) =>
        Pager.With("/admin/duty", [("week", WeekStart.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("q", List.Query.Search), ("placeId", List.PlaceId)], 1);

    public string EditLink(string shiftId) =>
        Pager.With("/admin/duty", [("week", WeekStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("q", List.Query.Search), ("placeId", List.PlaceId), ("edit", shiftId)], List.Query.PageNumber);

    private static DateOnly Week(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    public IEnumerable<DutyShift> ShiftsOn(DateOnly day) =>
        _shifts.Where(s => DateOnly.FromDateTime(s.Start) == day).OrderBy(s => s.Start);

    public string DayName(DateOnly day) => BoardText.For(Text.English ? BoardLanguage.En : BoardLanguage.Zh).Weekday(day.DayOfWeek) + " " + day.ToString("M/d", CultureInfo.InvariantCulture);
}
