using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Content;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Controller.Places;

/// <summary>/api/places, /api/stations and /api/kiosks: staff read what lies in their area, administrators change them.</summary>
public static class StructureEndpoints
{
    public sealed record KioskRegistered(Kiosk Kiosk, string Credential, long Seq);

    public static void MapStructureEndpoints(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/api").RequireAuthorization(AuthPolicies.Staff);
        var admin = app.MapGroup("/api").RequireAuthorization(AuthPolicies.Admin);

        MapStructure<Place>(staff, admin, "places", (store, place, mode, user, ct) => store.UpsertPlaceAsync(place, mode, user, ct),
            (store, id, user, ct) => store.DeletePlaceAsync(id, user, ct));
        MapStructure<Station>(staff, admin, "stations", (store, station, mode, user, ct) => store.UpsertStationAsync(station, mode, user, ct),
            (store, id, user, ct) => store.DeleteStationAsync(id, user, ct));

        staff.MapGet("/kiosks", (HttpContext http, StructureStore store, CancellationToken ct) => store.ListVisibleAsync<Kiosk>("kiosks", http.User, null, ct));
        staff.MapGet("/kiosks/{id}", async (string id, HttpContext http, StructureStore store, CancellationToken ct) =>
            Found((await store.ListVisibleAsync<Kiosk>("kiosks", http.User, id, ct)).FirstOrDefault(), "kiosks", id));
        admin.MapPost("/kiosks", async (HttpContext http, StructureStore store, CancellationToken ct) =>
        {
            var kiosk = await RequestBody.ReadAsync<Kiosk>(http, ct);
            var (seq, credential) = await store.UpsertKioskAsync(kiosk, WriteMode.Create, http.User, ct);
            return Results.Created($"/api/kiosks/{kiosk.Id}", new KioskRegistered(kiosk, credential!, seq));
        });
        admin.MapPut("/kiosks/{id}", async (string id, HttpContext http, StructureStore store, CancellationToken ct) =>
        {
            var body = await RequestBody.ReadObjectAsync(http, ct);
            body["id"] = ContentEndpoints.CheckId(body, id);
            var kiosk = RequestBody.Convert<Kiosk>(body);
            var (seq, _) = await store.UpsertKioskAsync(kiosk, WriteMode.Replace, http.User, ct);
            return Results.Ok(new ContentEndpoints.Published(kiosk, seq));
        });
        admin.MapPost("/kiosks/{id}/credential", async (string id, HttpContext http, StructureStore store, CancellationToken ct) =>
            Results.Ok(new { credential = await store.RotateCredentialAsync(id, http.User.Actor(), http.Connection.RemoteIpAddress?.ToString(), ct) }));
        admin.MapDelete("/kiosks/{id}", async (string id, HttpContext http, StructureStore store, CancellationToken ct) =>
            Results.Ok(new { seq = await store.DeleteKioskAsync(id, http.User, ct) }));
    }

    private delegate Task<long> Upsert<T>(StructureStore store, T record, WriteMode mode, System.Security.Claims.ClaimsPrincipal user, CancellationToken cancellationToken);
    private delegate Task<long> Delete(StructureStore store, string id, System.Security.Claims.ClaimsPrincipal user, CancellationToken cancellationToken);

    /// <summary>GET (staff), POST/PUT/DELETE (administrators) for places and stations.</summary>
    private static void MapStructure<T>(RouteGroupBuilder staff, RouteGroupBuilder admin, string table, Upsert<T> upsert, Delete delete) where T : class
    {
        staff.MapGet($"/{table}", (HttpContext http, StructureStore store, CancellationToken ct) => store.ListVisibleAsync<T>(table, http.User, null, ct));
        staff.MapGet($"/{table}/{{id}}", async (string id, HttpContext http, StructureStore store, CancellationToken ct) =>
            Found((await store.ListVisibleAsync<T>(table, http.User, id, ct)).FirstOrDefault(), table, id));
        admin.MapPost($"/{table}", async (HttpContext http, StructureStore store, CancellationToken ct) =>
        {
            var body = await RequestBody.ReadObjectAsync(http, ct);
            var record = RequestBody.Convert<T>(body);
            var seq = await upsert(store, record, WriteMode.Create, http.User, ct);
            return Results.Created($"/api/{table}/{body["id"]}", new ContentEndpoints.Published(record, seq));
        });
        admin.MapPut($"/{table}/{{id}}", async (string id, HttpContext http, StructureStore store, CancellationToken ct) =>
        {
            var body = await RequestBody.ReadObjectAsync(http, ct);
            body["id"] = ContentEndpoints.CheckId(body, id);
            var record = RequestBody.Convert<T>(body);
            return Results.Ok(new ContentEndpoints.Published(record, await upsert(store, record, WriteMode.Replace, http.User, ct)));
        });
        admin.MapDelete($"/{table}/{{id}}", async (string id, HttpContext http, StructureStore store, CancellationToken ct) =>
            Results.Ok(new { seq = await delete(store, id, http.User, ct) }));
    }

    private static IResult Found<T>(T? value, string kind, string id) where T : class =>
        value is null ? Results.Json(new ApiError($"{kind}/{id} does not exist"), statusCode: StatusCodes.Status404NotFound) : Results.Ok(value);
}
