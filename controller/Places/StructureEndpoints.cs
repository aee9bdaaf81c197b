using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Content;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Controller.Places;

/// <summary>/api/places, /api/stations and /api/kiosks: administrators only.</summary>
public static class StructureEndpoints
{
    public sealed record KioskRegistered(Kiosk Kiosk, string Credential, long Seq);

    public static void MapStructureEndpoints(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/api").RequireAuthorization(AuthPolicies.Staff);
        var admin = app.MapGroup("/api").RequireAuthorization(AuthPolicies.Admin);

        staff.MapGet("/places", (StructureStore store, CancellationToken ct) => store.ListAsync<Place>("places", ct));
        staff.MapGet("/places/{id}", async (string id, StructureStore store, CancellationToken ct) => Found(await store.GetAsync<Place>("places", id, ct), "places", id));
        admin.MapPost("/places", async (HttpContext http, StructureStore store, CancellationToken ct) =>
        {
            var place = await RequestBody.ReadAsync<Place>(http, ct);
            var seq = await store.UpsertPlaceAsync(place, WriteMode.Create, http.User, ct);
            return Results.Created($"/api/places/{place.Id}", new ContentEndpoints.Published(place, seq));
        });
        admin.MapPut("/places/{id}", async (string id, HttpContext http, StructureStore store, CancellationToken ct) =>
        {
            var body = await RequestBody.ReadObjectAsync(http, ct);
            body["id"] = ContentEndpoints.CheckId(body, id);
            var place = RequestBody.Convert<Place>(body);
            return Results.Ok(new ContentEndpoints.Published(place, await store.UpsertPlaceAsync(place, WriteMode.Replace, http.User, ct)));
        });
        admin.MapDelete("/places/{id}", async (string id, HttpContext http, StructureStore store, CancellationToken ct) =>
            Results.Ok(new { seq = await store.DeletePlaceAsync(id, http.User, ct) }));

        staff.MapGet("/stations", (StructureStore store, CancellationToken ct) => store.ListAsync<Station>("stations", ct));
        staff.MapGet("/stations/{id}", async (string id, StructureStore store, CancellationToken ct) => Found(await store.GetAsync<Station>("stations", id, ct), "stations", id));
        admin.MapPost("/stations", async (HttpContext http, StructureStore store, CancellationToken ct) =>
        {
            var station = await RequestBody.ReadAsync<Station>(http, ct);
            var seq = await store.UpsertStationAsync(station, WriteMode.Create, http.User, ct);
            return Results.Created($"/api/stations/{station.Id}", new ContentEndpoints.Published(station, seq));
        });
        admin.MapPut("/stations/{id}", async (string id, HttpContext http, StructureStore store, CancellationToken ct) =>
        {
            var body = await RequestBody.ReadObjectAsync(http, ct);
            body["id"] = ContentEndpoints.CheckId(body, id);
            var station = RequestBody.Convert<Station>(body);
            return Results.Ok(new ContentEndpoints.Published(station, await store.UpsertStationAsync(station, WriteMode.Replace, http.User, ct)));
        });
        admin.MapDelete("/stations/{id}", async (string id, HttpContext http, StructureStore store, CancellationToken ct) =>
            Results.Ok(new { seq = await store.DeleteStationAsync(id, http.User, ct) }));

        staff.MapGet("/kiosks", (StructureStore store, CancellationToken ct) => store.ListAsync<Kiosk>("kiosks", ct));
        staff.MapGet("/kiosks/{id}", async (string id, StructureStore store, CancellationToken ct) => Found(await store.GetAsync<Kiosk>("kiosks", id, ct), "kiosks", id));
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
        admin.MapPost("/kiosks/{id}/credential", async (string id, StructureStore store, CancellationToken ct) =>
            Results.Ok(new { credential = await store.RotateCredentialAsync(id, ct) }));
        admin.MapDelete("/kiosks/{id}", async (string id, HttpContext http, StructureStore store, CancellationToken ct) =>
            Results.Ok(new { seq = await store.DeleteKioskAsync(id, http.User, ct) }));
    }

    private static IResult Found<T>(T? value, string kind, string id) where T : class =>
        value is null ? Results.Json(new ApiError($"{kind}/{id} does not exist"), statusCode: StatusCodes.Status404NotFound) : Results.Ok(value);
}
