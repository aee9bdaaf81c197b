using System.Data.Common;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Controller.Places;

/// <summary>Resolves where a kiosk stands: its station and the chain of places it receives content for.</summary>
public sealed class KioskDirectory(ControllerDb db)
{
    public sealed record KioskPlacement(string KioskId, string StationId, IReadOnlyList<string> Chain);

    public async Task<KioskPlacement?> PlacementAsync(string kioskId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrNullAsync<PlacementRow>(
            "SELECT k.station_id, coalesce(k.place_id, s.place_id) AS place_id FROM kiosks k JOIN stations s ON s.id = k.station_id WHERE k.id = @id;",
            null, cancellationToken, ("@id", kioskId));
        if (row is null)
        {
            return null;
        }
        return new KioskPlacement(kioskId, row.StationId, await AncestryAsync(connection, null, row.PlaceId, cancellationToken));
    }

    /// <summary>The place and its ancestors, innermost first.</summary>
    public static async Task<IReadOnlyList<string>> AncestryAsync(DbConnection connection, DbTransaction? transaction, string placeId, CancellationToken cancellationToken)
    {
        var result = new List<string>();
        foreach (var (id, _) in await AncestryWithKindsAsync(connection, transaction, placeId, cancellationToken))
        {
            result.Add(id);
        }
        return result;
    }

    public static async Task<List<(string Id, PlaceKind Kind)>> AncestryWithKindsAsync(DbConnection connection, DbTransaction? transaction, string placeId, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<PlaceRow>(
            """
            WITH RECURSIVE chain(id, kind, parent_id, depth) AS (
                SELECT id, kind, parent_id, 0 FROM places WHERE id = @id
                UNION ALL
                SELECT p.id, p.kind, p.parent_id, c.depth + 1 FROM places p JOIN chain c ON p.id = c.parent_id WHERE c.depth < 32)
            SELECT id, kind FROM chain ORDER BY depth;
            """, transaction, cancellationToken, ("@id", placeId));
        var result = new List<(string, PlaceKind)>(rows.Count);
        foreach (var row in rows)
        {
            result.Add((row.Id, Enum.Parse<PlaceKind>(row.Kind)));
        }
        return result;
    }

    private sealed class PlacementRow
    {
        public string StationId { get; init; } = "";
        public string PlaceId { get; init; } = "";
    }

    private sealed class PlaceRow
    {
        public string Id { get; init; } = "";
        public string Kind { get; init; } = "";
    }
}
