using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Content;
using SignageKiosk.Controller.Places;
using SignageKiosk.Controller.Web;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Controller.Pages.Admin.Places;

/// <summary>Administrators keep the place tree, the stations (layout, time zone) and the screens' credentials.</summary>
public sealed class IndexModel(StructureStore structure, UiText text) : PageModel
{
    [BindProperty] public string? ParentId { get; set; }
    [BindProperty] public string? PlaceName { get; set; }
    [BindProperty] public string? PlaceId { get; set; }
    [BindProperty] public string? StationId { get; set; }
    [BindProperty] public string? StationName { get; set; }
    [BindProperty] public string? Layout { get; set; }
    [BindProperty] public string? TimeZone { get; set; }

    public List<(Place Place, int Depth)> Tree { get; } = [];
    public List<Station> Stations { get; private set; } = [];
    public List<Kiosk> Kiosks { get; private set; } = [];
    public string? Message { get; private set; }
    public bool Failed { get; private set; }
    private Dictionary<string, Place> _places = [];

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken cancellationToken)
    {
        if (User.StaffRole() != StaffRole.Admin)
        {
            return Forbid();
        }
        Message = done switch
        {
            "place" => text.T("地点已添加。", "Place added."),
            "station" => text.Saved,
            "revoked" => text.T("凭据已吊销，该屏幕已断开，需重新配对。", "Credential revoked; the screen is disconnected and must be paired again."),
            _ => null,
        };
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAddPlaceAsync(CancellationToken cancellationToken) => await RunAsync(async () =>
    {
        await LoadAsync(cancellationToken);
        var parent = ParentId is not null && _places.TryGetValue(ParentId, out var p) ? p : throw ApiException.BadRequest(text.T("请选择上级地点", "Choose the parent"));
        var place = new Place
        {
            Id = PlaceId?.Trim() ?? "",
            Name = PlaceName?.Trim() ?? "",
            Kind = parent.Kind + 1,
            ParentId = parent.Id,
            Order = _places.Values.Count(x => x.ParentId == parent.Id) + 1,
        };
        await structure.UpsertPlaceAsync(place, WriteMode.Create, User, cancellationToken);
    }, "place", cancellationToken);

    public async Task<IActionResult> OnPostSaveStationAsync(CancellationToken cancellationToken) => await RunAsync(async () =>
    {
        var station = await structure.GetAsync<Station>("stations", StationId ?? "", cancellationToken) ?? throw ApiException.NotFound(text.T("驿站不存在", "No such station"));
        await structure.UpsertStationAsync(station with { Name = StationName?.Trim() ?? "", Layout = Layout ?? station.Layout, TimeZone = TimeZone?.Trim() ?? station.TimeZone },
            WriteMode.Replace, User, cancellationToken);
    }, "station", cancellationToken);

    public async Task<IActionResult> OnPostRevokeAsync(string id, CancellationToken cancellationToken) => await RunAsync(async () =>
    {
        // A new credential that nobody holds: the screen is cut off until it is paired again.
        await structure.RotateCredentialAsync(id, cancellationToken);
    }, "revoked", cancellationToken);

    private async Task<IActionResult> RunAsync(Func<Task> action, string done, CancellationToken cancellationToken)
    {
        if (User.StaffRole() != StaffRole.Admin)
        {
            return Forbid();
        }
        try
        {
            await action();
            return Redirect("/admin/places?done=" + done);
        }
        catch (ApiException e)
        {
            (Message, Failed) = (e.Message, true);
            await LoadAsync(cancellationToken);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var places = await structure.ListAsync<Place>("places", cancellationToken);
        _places = places.ToDictionary(p => p.Id);
        Tree.Clear();
        void Walk(string? parent, int depth)
        {
            foreach (var place in places.Where(p => p.ParentId == parent).OrderBy(p => p.Order).ThenBy(p => p.Name, StringComparer.Ordinal))
            {
                Tree.Add((place, depth));
                Walk(place.Id, depth + 1);
            }
        }
        Walk(null, 0);
        Stations = await structure.ListAsync<Station>("stations", cancellationToken);
        Kiosks = await structure.ListAsync<Kiosk>("kiosks", cancellationToken);
    }

    public string NameOf(string id) => _places.TryGetValue(id, out var place) ? place.Name : id;

    public string KindName(PlaceKind kind) => kind switch
    {
        PlaceKind.City => text.T("市", "City"),
        PlaceKind.District => text.T("区", "District"),
        PlaceKind.Street => text.T("街道", "Street"),
        PlaceKind.Community => text.T("社区", "Community"),
        PlaceKind.Compound => text.T("小区", "Compound"),
        PlaceKind.Building => text.T("楼栋", "Building"),
        _ => text.T("单元", "Unit"),
    };
}
