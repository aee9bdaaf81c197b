using Microsoft.AspNetCore.Mvc;
using SignageKiosk.Controller.Content;
using SignageKiosk.Controller.Places;
using SignageKiosk.Controller.Web;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Holidays;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Controller.Pages.Admin.Holidays;

/// <summary>节假日: the days a community or compound marks, on which its recurring activities pause. Listed, added, deleted.</summary>
public sealed class IndexModel(ContentStore content, StructureStore structure, StaffScope scope, UiText text) : ContentFormPage(content, text)
{
    private readonly ContentStore _content = content;
    private Dictionary<string, string> _places = [];

    public ContentListView List { get; private set; } = ContentListView.For("/admin/holidays", null, null, null);

    [BindProperty] public DateOnly? Date { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? TargetPlaceId { get; set; }

    public List<Holiday> Holidays { get; private set; } = [];
    /// <summary>A holiday is the community's (or one compound's) to mark, not a building's: what the place picker offers.</summary>
    public static readonly PlaceKind[] TargetKinds = [PlaceKind.Community, PlaceKind.Compound];
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken cancellationToken)
    {
        if (!MayEdit(ContentKind.Holiday))
        {
            return Denied();
        }
        Message = DoneMessage(done);
        await LoadAsync(cancellationToken);
        TargetPlaceId = await scope.DefaultTargetAsync(User, TargetKinds, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!MayEdit(ContentKind.Holiday))
        {
            return Denied();
        }
        if (Date is null)
        {
            Errors["date"] = Text.T("请选择日期", "Choose the date");
        }
        var holiday = new Holiday
        {
            Id = "holiday-" + Guid.NewGuid().ToString("N")[..12],
            Date = Date ?? default,
            Name = Name?.Trim() ?? "",
            Target = ItemTarget.Place(TargetPlaceId ?? ""),
        };
        // TrySaveAsync adds the validator's messages and saves only when there are no errors at all.
        if (await TrySaveAsync(ContentKind.Holiday, holiday, WriteMode.Create, cancellationToken))
        {
            return Redirect("/admin/holidays?done=saved");
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(string id, CancellationToken cancellationToken)
    {
        // Refused before looking the id up: an unknown id must not answer "deleted" to a role without the right.
        if (!MayEdit(ContentKind.Holiday))
        {
            return Denied();
        }
        return await DeleteThenRedirectAsync(ContentKind.Holiday, id, "/admin/holidays?done=deleted", cancellationToken);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        // 50 at a time in the order this page always had; ?q= searches, ?placeId= narrows to one place and below.
        List = ContentListView.FromRequest("/admin/holidays", Request);
        var rows = await List.LoadAsync(_content, structure, ContentKind.Holiday, User, cancellationToken);
        _places = ContentListView.PlaceNames(rows);
        Holidays = rows.Select(s => (Holiday)s.Item).ToList();
    }

    public string PlaceName(string? id) => id is not null && _places.TryGetValue(id, out var name) ? name : id ?? "";

    public string Weekday(DateOnly date) => Text.T("星期" + "日一二三四五六"[(int)date.DayOfWeek], date.DayOfWeek.ToString());
}
