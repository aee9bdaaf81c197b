using SignageKiosk.Controller.Api.Paging;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Places;

namespace SignageKiosk.Controller.Web;

/// <summary>
/// The place tree and search for the staff pages' own script (picker.js): the same answers as /api/places/search,
/// /api/kiosks/search and /api/places/{id}/children, but under /admin so the sign-in cookie carries them (the /api
/// paths take bearer tokens only, decision 0035). Reads only, behind a SameSite=Strict cookie.
/// </summary>
public static class PickerEndpoints
{
    public static void MapPickerEndpoints(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/admin/pick").RequireAuthorization(AuthPolicies.Staff).ExcludeFromDescription();
        staff.MapGet("/places", (int? limit, string? q, string? kind, HttpContext http, PlaceDirectory places, CancellationToken ct) =>
            places.SearchAsync(http.User, Required(limit, q), StructureFilter.ParseKinds(kind), ct));
        staff.MapGet("/kiosks", (int? limit, string? q, HttpContext http, PlaceDirectory places, CancellationToken ct) =>
            places.SearchKiosksAsync(http.User, Required(limit, q), ct));
        staff.MapGet("/top", (int? limit, string? cursor, HttpContext http, PlaceDirectory places, CancellationToken ct) =>
            places.TopAsync(http.User, ListQuery.FromApi(limit, cursor, null), ct));
        staff.MapGet("/children/{id}", (string id, int? limit, string? cursor, HttpContext http, PlaceDirectory places, CancellationToken ct) =>
            places.ChildrenAsync(http.User, id, ListQuery.FromApi(limit, cursor, null), ct));
    }

    private static ListQuery Required(int? limit, string? q)
    {
        var query = ListQuery.FromApi(limit ?? 20, null, q);
        return query.Search is null ? throw Api.ApiException.BadRequest("请输入要搜索的名称 (q is required)", "q") : query;
    }
}
