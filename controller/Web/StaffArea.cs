using System.Data.Common;
using System.Security.Claims;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Cluster;
using SignageKiosk.Controller.Places;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Controller.Sync;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Controller.Web;

/// <summary>
/// The signed-in staff member's area as the home page names it: its path in words (城区 / 街道 / 社区 / 小区), how many
/// places and screens it holds and how many screens are connected now. An administrator's area is the whole city.
/// A handful of SQL counts, whatever the size of the city.
/// </summary>
public sealed class StaffArea(ControllerDb db, KioskPresence presence)
{
    /// <summary>Null <paramref name="PlaceId"/>: the whole city. <paramref name="Path"/> is from the top down.</summary>
    public sealed record Summary(string? PlaceId, PlaceKind? Kind, IReadOnlyList<string> Path, IReadOnlyDictionary<PlaceKind, int> Places, int Kiosks, int Connected);

    public async Task<Summary> OfAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var scope = user.StaffRole() == StaffRole.Admin ? null : user.ScopePlaceId();
        await using var connection = await db.OpenAsync(cancellationToken);
        if (scope is null)
        {
            return new Summary(null, null, [], await CountPlacesAsync(connection, null, cancellationToken),
                await connection.ScalarAsync<int>("SELECT count(*) FROM kiosks;", null, cancellationToken), await presence.CountAsync(null, cancellationToken));
        }
        var path = new List<string>();
        PlaceKind? kind = null;
        await using (var command = connection.Command(
            """
            WITH RECURSIVE chain(id, kind, name, parent_id, depth) AS (
                SELECT id, kind, json_extract(payload, '$.name'), parent_id, 0 FROM places WHERE id = @scope
                UNION ALL
                SELECT p.id, p.kind, json_extract(p.payload, '$.name'), p.parent_id, c.depth + 1 FROM places p JOIN chain c ON p.id = c.parent_id WHERE c.depth < 32)
            SELECT kind, name FROM chain ORDER BY depth DESC;
            """, null, ("@scope", scope)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                kind = Enum.TryParse<PlaceKind>(reader.GetString(0), out var parsed) ? parsed : null;
                path.Add(reader.GetStringOrNull(1) ?? "");
            }
        }
        var kiosks = await connection.ScalarAsync<int>(
            $"""
            WITH RECURSIVE {PlaceArea.Cte}
            SELECT count(*) FROM kiosks k LEFT JOIN stations s ON s.id = k.station_id
            WHERE COALESCE(k.place_id, s.place_id) IN (SELECT id FROM area);
            """, null, cancellationToken, ("@scope", scope));
        var connected = await presence.CountAsync(scope, cancellationToken);
        return new Summary(scope, kind, path, await CountPlacesAsync(connection, scope, cancellationToken), kiosks, connected);
    }

    private static async Task<IReadOnlyDictionary<PlaceKind, int>> CountPlacesAsync(DbConnection connection, string? scope, CancellationToken cancellationToken)
    {
        await using var command = scope is null
            ? connection.Command("SELECT kind, count(*) FROM places GROUP BY kind;")
            : connection.Command($"WITH RECURSIVE {PlaceArea.Cte} SELECT p.kind, count(*) FROM places p JOIN area a ON a.id = p.id WHERE a.depth > 0 GROUP BY p.kind;", null, ("@scope", scope));
        var counts = new Dictionary<PlaceKind, int>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (Enum.TryParse<PlaceKind>(reader.GetString(0), out var kind))
            {
                counts[kind] = reader.GetInt32(1);
            }
        }
        return counts;
    }
}
