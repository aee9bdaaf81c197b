using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Api.Paging;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Content;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Controller.Places;

/// <summary>/api/places, /api/stations and /api/kiosks: staff read what lies in their area, administrators change them.</summary>
public static class StructureEndpoints
{
    public sealed record KioskRegistered(Kiosk Kiosk, string Credential, long Seq);

    /// <summary>A kiosk's new device credential (the old one stops working).</summary>
    public sealed record KioskCredential(string Credential);

    public static void MapStructureEndpoints(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/api").RequireAuthorization(AuthPolicies.Staff);
        var admin = app.MapGroup("/api").RequireAuthorization(AuthPolicies.Admin);

        staff.MapGet("/places", (int? limit, string? cursor, string? q, string? kind, string? parentId, HttpContext http, PlaceDirectory places, CancellationToken ct) =>
            places.ListAsync<Place>("places", http.User, ListQuery.FromApi(limit, cursor, q), new(StructureFilter.ParseKinds(kind), parentId, null), ct))
            .WithName("ListPlaces").Paged<Place>("Places in the caller's area; `kind` (comma separated), `parentId` (direct children); `q` matches name or id");
        staff.MapGet("/places/top", (int? limit, string? cursor, string? q, HttpContext http, PlaceDirectory places, CancellationToken ct) =>
            places.TopAsync(http.User, ListQuery.FromApi(limit, cursor, q), ct))
            .WithName("PlaceTreeTop").Paged<PlaceNode>("The top of the place tree for the caller: the roots for an administrator, the scope place for anyone else");
        staff.MapGet("/places/{id}/children", (string id, int? limit, string? cursor, string? q, HttpContext http, PlaceDirectory places, CancellationToken ct) =>
            places.ChildrenAsync(http.User, id, ListQuery.FromApi(limit, cursor, q), ct))
            .WithName("PlaceChildren").Paged<PlaceNode>("A place's children, each with its count of children (so a tree knows which nodes open)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        staff.MapGet("/places/search", (int? limit, string? cursor, string? q, string? kind, HttpContext http, PlaceDirectory places, CancellationToken ct) =>
            places.SearchAsync(http.User, RequiredSearch(limit, cursor, q), StructureFilter.ParseKinds(kind), ct))
            .WithName("SearchPlaces").Paged<PlaceMatch>("Places whose path matches every word of `q` (\"丹桂苑 3栋\"), with the path in words; `kind` narrows");
        staff.MapGet("/stations", (int? limit, string? cursor, string? q, string? placeId, HttpContext http, PlaceDirectory places, CancellationToken ct) =>
            places.ListAsync<Station>("stations", http.User, ListQuery.FromApi(limit, cursor, q), new([], null, placeId), ct))
            .WithName("ListStations").Paged<Station>("Stations in the caller's area; `placeId`: only those in that place's subtree; `q` matches name, id or place path");

        MapStructure<Place>(staff, admin, "places", (store, place, mode, user, ct) => store.UpsertPlaceAsync(place, mode, user, ct),
            (store, id, user, ct) => store.DeletePlaceAsync(id, user, ct));
        MapStructure<Station>(staff, admin, "stations", (store, station, mode, user, ct) => store.UpsertStationAsync(station, mode, user, ct),
            (store, id, user, ct) => store.DeleteStationAsync(id, user, ct));

        staff.MapGet("/kiosks", (int? limit, string? cursor, string? q, string? placeId, HttpContext http, PlaceDirectory places, CancellationToken ct) =>
            places.ListAsync<Kiosk>("kiosks", http.User, ListQuery.FromApi(limit, cursor, q), new([], null, placeId), ct))
            .WithName("ListKiosks").Paged<Kiosk>("Screens in the caller's area; `placeId`: only those standing in that place's subtree; `q` matches name, id, station or place path");
        staff.MapGet("/kiosks/search", (int? limit, string? cursor, string? q, HttpContext http, PlaceDirectory places, CancellationToken ct) =>
            places.SearchKiosksAsync(http.User, RequiredSearch(limit, cursor, q), ct))
            .WithName("SearchKiosks").Paged<KioskMatch>("Screens whose name, id, station or place path match every word of `q`, with their place path");
        staff.MapGet("/kiosks/{id}", async (string id, HttpContext http, StructureStore store, CancellationToken ct) =>
            Found((await store.ListVisibleAsync<Kiosk>("kiosks", http.User, id, ct)).FirstOrDefault(), "kiosks", id))
            .WithName("GetKiosk").Produces<Kiosk>(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPost("/kiosks", async (HttpContext http, StructureStore store, CancellationToken ct) =>
        {
            var kiosk = await RequestBody.ReadAsync<Kiosk>(http, ct);
            var (seq, credential) = await store.UpsertKioskAsync(kiosk, WriteMode.Create, http.User, ct);
            return Results.Created($"/api/kiosks/{kiosk.Id}", new KioskRegistered(kiosk, credential!, seq));
        })
            .WithName("CreateKiosk").WithSummary("Register a screen: its device credential is in the answer, once")
            .JsonBody(typeof(Kiosk)).Produces<KioskRegistered>(StatusCodes.Status201Created).WriteRefusals(StatusCodes.Status409Conflict);
        admin.MapPut("/kiosks/{id}", async (string id, HttpContext http, StructureStore store, CancellationToken ct) =>
        {
            var body = await RequestBody.ReadObjectAsync(http, ct);
            body["id"] = ContentEndpoints.CheckId(body, id);
            var kiosk = RequestBody.Convert<Kiosk>(body);
            var (seq, _) = await store.UpsertKioskAsync(kiosk, WriteMode.Replace, http.User, ct);
            return Results.Ok(new ContentEndpoints.Published(kiosk, seq));
        })
            .WithName("UpdateKiosk").JsonBody(typeof(Kiosk)).Produces<ContentEndpoints.Published<Kiosk>>(StatusCodes.Status200OK).WriteRefusals(StatusCodes.Status404NotFound);
        admin.MapPost("/kiosks/{id}/credential", async (string id, HttpContext http, StructureStore store, CancellationToken ct) =>
            Results.Ok(new KioskCredential(await store.RotateCredentialAsync(id, http.User.Actor(), http.Connection.RemoteIpAddress?.ToString(), ct))))
            .WithName("RotateKioskCredential").Produces<KioskCredential>(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapDelete("/kiosks/{id}", async (string id, HttpContext http, StructureStore store, CancellationToken ct) =>
            Results.Ok(new ContentEndpoints.Deleted(await store.DeleteKioskAsync(id, http.User, ct))))
            .WithName("DeleteKiosk").Produces<ContentEndpoints.Deleted>(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }


    private delegate Task<long> Upsert<T>(StructureStore store, T record, WriteMode mode, System.Security.Claims.ClaimsPrincipal user, CancellationToken cancellationToken);
    private delegate Task<long> Delete(StructureStore store, string id, System.Security.Claims.ClaimsPrincipal user, CancellationToken cancellationToken);

    /// <summary>GET one (staff), POST/PUT/DELETE (administrators) for places and stations; their lists are mapped above.</summary>
    private static void MapStructure<T>(RouteGroupBuilder staff, RouteGroupBuilder admin, string table, Upsert<T> upsert, Delete delete) where T : class
    {
        // Operation ids as for content (GetPlace, CreateStation…).
        var name = typeof(T).Name;
        staff.MapGet($"/{table}/{{id}}", async (string id, HttpContext http, StructureStore store, CancellationToken ct) =>
            Found((await store.ListVisibleAsync<T>(table, http.User, id, ct)).FirstOrDefault(), table, id))
            .WithName("Get" + name).Produces<T>(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPost($"/{table}", async (HttpContext http, StructureStore store, CancellationToken ct) =>
        {
            var body = await RequestBody.ReadObjectAsync(http, ct);
            var record = RequestBody.Convert<T>(body);
            var seq = await upsert(store, record, WriteMode.Create, http.User, ct);
            return Results.Created($"/api/{table}/{body["id"]}", new ContentEndpoints.Published(record, seq));
        })
            .WithName("Create" + name).JsonBody(typeof(T)).Produces<ContentEndpoints.Published<T>>(StatusCodes.Status201Created).WriteRefusals(StatusCodes.Status409Conflict);
        admin.MapPut($"/{table}/{{id}}", async (string id, HttpContext http, StructureStore store, CancellationToken ct) =>
        {
            var body = await RequestBody.ReadObjectAsync(http, ct);
            body["id"] = ContentEndpoints.CheckId(body, id);
            var record = RequestBody.Convert<T>(body);
            return Results.Ok(new ContentEndpoints.Published(record, await upsert(store, record, WriteMode.Replace, http.User, ct)));
        })
            .WithName("Update" + name).JsonBody(typeof(T)).Produces<ContentEndpoints.Published<T>>(StatusCodes.Status200OK).WriteRefusals(StatusCodes.Status404NotFound);
        admin.MapDelete($"/{table}/{{id}}", async (string id, HttpContext http, StructureStore store, CancellationToken ct) =>
            Results.Ok(new ContentEndpoints.Deleted(await delete(store, id, http.User, ct))))
            .WithName("Delete" + name).Produces<ContentEndpoints.Deleted>(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    /// <summary>A search without words would list everything: say so instead.</summary>
    private static ListQuery RequiredSearch(int? limit, string? cursor, string? q)
    {
        var query = ListQuery.FromApi(limit, cursor, q);
        return query.Search is null ? throw ApiException.BadRequest("请输入要搜索的名称 (q is required)", "q") : query;
    }

    private static IResult Found<T>(T? value, string kind, string id) where T : class =>
        value is null ? ApiProblem.Result(StatusCodes.Status404NotFound, $"{ContentKind.Chinese(kind)} {id} 不存在 ({kind}/{id} does not exist)") : Results.Ok(value);
}
