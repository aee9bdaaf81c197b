using Microsoft.AspNetCore.Mvc;
using SignageKiosk.Controller.Content;
using SignageKiosk.Controller.Places;
using SignageKiosk.Controller.Web;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Hotlines;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Controller.Pages.Admin.Hotlines;

/// <summary>Property managers keep the numbers current: every hotline in their area, editable in place.</summary>
public sealed class IndexModel(ContentStore content, StructureStore structure, StaffScope scope, UiText text) : ContentFormPage(content, text)
{
    private readonly ContentStore _content = content;
    private Dictionary<string, string> _places = [];

    public ContentListView List { get; private set; } = ContentListView.For("/admin/hotlines", null, null, null);

    [BindProperty] public string? Id { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Number { get; set; }
    [BindProperty] public string? Hours { get; set; }
    [BindProperty] public HotlineCategory Category { get; set; }
    [BindProperty] public string? TargetPlaceId { get; set; }
    [BindProperty] public string? BuildingId { get; set; }
    [BindProperty] public int Order { get; set; }

    public List<Hotline> Hotlines { get; private set; } = [];
    /// <summary>What the add form's place picker offers, and where it starts (what was chosen, when adding failed).</summary>
    public static readonly PlaceKind[] TargetKinds = [PlaceKind.Community, PlaceKind.Compound];
    public string? NewTargetPlaceId { get; private set; }
    public string? EditId { get; private set; }
    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken cancellationToken)
    {
        if (!MayEdit(ContentKind.Hotline))
        {
            return Denied();
        }
        Saved = done == "saved";
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!MayEdit(ContentKind.Hotline))
        {
            return Denied();
        }
        var hotline = new Hotline
        {
            Id = Id ?? "",
            Name = Name?.Trim() ?? "",
            Number = Number?.Trim() ?? "",
            Hours = string.IsNullOrWhiteSpace(Hours) ? null : Hours.Trim(),
            Category = Category,
            BuildingId = string.IsNullOrEmpty(BuildingId) ? null : BuildingId,
            Order = Order,
            Target = ItemTarget.Place(TargetPlaceId ?? ""),
        };
        if (await TrySaveAsync(ContentKind.Hotline, hotline, WriteMode.Replace, cancellationToken))
        {
            return Redirect("/admin/hotlines?done=saved");
        }
        EditId = Id;
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken)
    {
        if (!MayEdit(ContentKind.Hotline))
        {
            return Denied();
        }
        var hotline = new Hotline
        {
            Id = "hotline-" + Guid.NewGuid().ToString("N")[..12],
            Name = Name?.Trim() ?? "",
            Number = Number?.Trim() ?? "",
            Hours = string.IsNullOrWhiteSpace(Hours) ? null : Hours.Trim(),
            Category = Category,
            Order = 100,
            Target = ItemTarget.Place(TargetPlaceId ?? ""),
        };
        if (await TrySaveAsync(ContentKind.Hotline, hotline, WriteMode.Create, cancellationToken))
        {
            return Redirect("/admin/hotlines?done=saved");
        }
        EditId = "";
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        NewTargetPlaceId = EditId == "" ? TargetPlaceId : await scope.DefaultTargetAsync(User, TargetKinds, cancellationToken);
        // 50 at a time in the order this page always had; ?q= searches, ?placeId= narrows to one place and below.
        List = ContentListView.FromRequest("/admin/hotlines", Request);
        var rows = await List.LoadAsync(_content, structure, ContentKind.Hotline, User, cancellationToken);
        _places = ContentListView.PlaceNames(rows);
        Hotlines = rows.Select(s => (Hotline)s.Item).ToList();
    }

    public string PlaceName(string? id) => id is not null && _places.TryGetValue(id, out var name) ? name : id ?? "";
}
