using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Content;
using SignageKiosk.Controller.Web;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Duty;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Controller.Pages.Admin.Duty;

/// <summary>The duty roster as a week calendar: overnight shifts, and last week copied in one click.</summary>
public sealed class IndexModel(ContentStore content, StaffScope scope, UiText text, TimeProvider time) : ContentFormPage(content, text)
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
    public List<(Place Place, string Path)> Targets { get; private set; } = [];
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? week, string? edit, string? done, CancellationToken cancellationToken)
    {
        if (!MayEdit(ContentKind.DutyShift))
        {
            return Denied();
        }
        await LoadAsync(week, cancellationToken);
        Message = done == "copied" ? Text.T("已复制上周排班。", "Last week's shifts were copied.") : DoneMessage(done);
        Date = WeekStart;
        if (edit is not null && _shifts.FirstOrDefault(s => s.Id == edit) is { } shift)
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
        foreach (var shift in _shifts.Where(s => s.Start >= from && s.Start < to))
        {
            var copy = shift with { Id = $"{shift.Id.Split("-w")[0]}-w{WeekStart:yyyyMMdd}", Start = shift.Start.AddDays(7), End = shift.End.AddDays(7) };
            if (_shifts.Any(s => s.Id == copy.Id || (s.PersonName == copy.PersonName && s.Start == copy.Start)))
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
        Targets = (await scope.TargetPlacesAsync(User, cancellationToken)).Where(t => t.Place.Kind is PlaceKind.Compound or PlaceKind.Community).ToList();
        TargetPlaceId ??= Targets.FirstOrDefault(t => t.Place.Kind == PlaceKind.Compound).Place?.Id ?? Targets.FirstOrDefault().Place?.Id;
        _shifts = (await _content.ListAsync(ContentKind.DutyShift, User, cancellationToken)).Select(s => (DutyShift)s.Item).ToList();
    }

    private static DateOnly Week(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    public IEnumerable<DutyShift> ShiftsOn(DateOnly day) =>
        _shifts.Where(s => DateOnly.FromDateTime(s.Start) == day).OrderBy(s => s.Start);

    public string DayName(DateOnly day) => BoardText.For(Text.English ? BoardLanguage.En : BoardLanguage.Zh).Weekday(day.DayOfWeek) + " " + day.ToString("M/d", CultureInfo.InvariantCulture);
}
