using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Content;
using SignageKiosk.Controller.Places;
using SignageKiosk.Controller.Web;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Places;
using SignageKiosk.Shared.Supplies;

namespace SignageKiosk.Controller.Pages.Admin.Supplies;

/// <summary>应急物资: the emergency station's inventory by category, every line editable in place, lines added and removed.</summary>
public sealed class IndexModel(ContentStore content, StructureStore structure, StaffScope scope, UiText text) : ContentFormPage(content, text)
{
    /// <summary>The <see cref="EditId"/> of the add form, so its errors show there and not on a row.</summary>
    public const string NewRow = "new";

    private readonly ContentStore _content = content;
    private Dictionary<string, string> _places = [];

    public ContentListView List { get; private set; } = ContentListView.For("/admin/supplies", null, null, null);

    [BindProperty] public string? Id { get; set; }
    [BindProperty] public string? Category { get; set; }
    [BindProperty] public string? Item { get; set; }
    // A string, so "两台" is answered in words instead of silently becoming 0.
    [BindProperty] public string? Quantity { get; set; }
    [BindProperty] public string? Unit { get; set; }
    [BindProperty] public string? Location { get; set; }
    [BindProperty] public string? KeyHolder { get; set; }
    [BindProperty] public string? KeyHolderPhone { get; set; }
    [BindProperty] public string? TargetPlaceId { get; set; }

    public List<EmergencySupply> Supplies { get; private set; } = [];
    /// <summary>What the add line's place picker offers.</summary>
    public static readonly PlaceKind[] TargetKinds = [PlaceKind.Community, PlaceKind.Compound, PlaceKind.Building];
    public string? EditId { get; private set; }
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken cancellationToken)
    {
        if (!MayEdit(ContentKind.EmergencySupply))
        {
            return Denied();
        }
        Message = DoneMessage(done);
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!MayEdit(ContentKind.EmergencySupply))
        {
            return Denied();
        }
        var isNew = string.IsNullOrEmpty(Id);
        if (!int.TryParse(Quantity?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var quantity))
        {
            Errors["quantity"] = Text.T("请填写数量（整数）", "Enter the quantity as a whole number");
        }
        var supply = new EmergencySupply
        {
            Id = isNew ? "supply-" + Guid.NewGuid().ToString("N")[..12] : Id!,
            Category = Category?.Trim() ?? "",
            Item = Item?.Trim() ?? "",
            Quantity = quantity,
            Unit = Blank(Unit),
            Location = Blank(Location),
            KeyHolder = Blank(KeyHolder),
            KeyHolderPhone = Blank(KeyHolderPhone),
            Target = ItemTarget.Place(TargetPlaceId ?? ""),
        };
        // TrySaveAsync adds the validator's messages and saves only when there are no errors at all.
        if (await TrySaveAsync(ContentKind.EmergencySupply, supply, isNew ? WriteMode.Create : WriteMode.Replace, cancellationToken))
        {
            return Redirect("/admin/supplies?done=saved");
        }
        EditId = isNew ? NewRow : Id;
        await LoadAsync(cancellationToken);
        return Page();
    }

    public Task<IActionResult> OnPostDeleteAsync(string id, CancellationToken cancellationToken) =>
        DeleteThenRedirectAsync(ContentKind.EmergencySupply, id, "/admin/supplies?done=deleted", cancellationToken);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        // 50 at a time in the order this page always had; ?q= searches, ?placeId= narrows to one place and below.
        List = ContentListView.FromRequest("/admin/supplies", Request);
        var rows = await List.LoadAsync(_content, structure, ContentKind.EmergencySupply, User, cancellationToken);
        _places = ContentListView.PlaceNames(rows);
        Supplies = rows.Select(s => (EmergencySupply)s.Item).ToList();
        if (EditId != NewRow)
        {
            // The caller's own compound (a property manager's), else the only compound, else the only community.
            TargetPlaceId = await scope.DefaultTargetAsync(User, [PlaceKind.Compound], cancellationToken) ?? await scope.DefaultTargetAsync(User, TargetKinds, cancellationToken);
        }
    }

    /// <summary>What a field shows: what was typed when this row failed to save, otherwise what is stored.</summary>
    public string? Value(EmergencySupply? supply, string? typed, Func<EmergencySupply, string?> stored) =>
        supply is null ? (EditId == NewRow ? typed : null) : EditId == supply.Id ? typed : stored(supply);

    public string? ErrorOn(string? rowId, string field) => EditId == (rowId ?? NewRow) ? ErrorFor(field) : null;

    public string PlaceName(string? id) => id is not null && _places.TryGetValue(id, out var name) ? name : id ?? "";

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
