using System.Globalization;
using System.Security.Claims;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Controller.Sync;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Fleet;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Controller.Fleet;

/// <summary>
/// The fleet as staff see it: every kiosk with its state, sequences and flags. Live sessions are fresher
/// than the store (acks are written in batches), so the newer of the two wins.
/// </summary>
public sealed class FleetQuery(ControllerDb db, KioskSessions sessions, TimeProvider time, IOptions<FleetOptions> options)
{
    public sealed record Filter(string? Community = null, string? Compound = null, KioskState? State = null, string? KioskId = null);

    /// <param name="caller">Staff are limited to their scope, as in the content lists; null means the controller itself.</param>
    /// <param name="withSequences">Latest sequence and changes behind cost a few index seeks per kiosk; the history sampler skips them.</param>
    public async Task<List<FleetKiosk>> ListAsync(ClaimsPrincipal? caller, Filter filter, bool withSequences, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        await using var connection = await db.OpenAsync(cancellationToken);
        var parents = await PairsAsync(connection, "SELECT id, parent_id FROM places;", cancellationToken);
        var stationNames = (await PairsAsync(connection, "SELECT id, payload FROM stations;", cancellationToken))
            .ToDictionary(p => p.Key, p => p.Value is null ? null : ContentJson.Deserialize<Station>(p.Value).Name, StringComparer.Ordinal);
        var live = sessions.All.GroupBy(s => s.KioskId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var role = caller?.StaffRole();

        var result = new List<FleetKiosk>();
        await using var command = connection.Command(
            """
            SELECT k.id, k.payload, k.station_id, coalesce(k.place_id, s.place_id), k.acked_seq, k.last_seen, k.software_version,
                   f.installation_id, f.screen_off, f.reported_at, f.heartbeat_seconds, f.reused_at, f.reuse_count, f.reuse_address, f.clock_skew_ms, f.storage_full
            FROM kiosks k JOIN stations s ON s.id = k.station_id LEFT JOIN kiosk_fleet f ON f.kiosk_id = k.id
            WHERE @id IS NULL OR k.id = @id
            ORDER BY k.id;
            """, null, ("@id", filter.KioskId));
        var rows = new List<(FleetKiosk Row, IReadOnlyList<string> Chain)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetString(0);
                var placeId = reader.GetString(3);
                var chain = Chain(placeId, parents);
                if (role is { } staffRole && !StaffPermissions.InScope(staffRole, caller!.ScopePlaceId(), chain))
                {
                    continue;
                }
                if ((filter.Community is not null && !chain.Contains(filter.Community)) || (filter.Compound is not null && !chain.Contains(filter.Compound)))
                {
                    continue;
                }
                var sessionsOfKiosk = live.GetValueOrDefault(id) ?? [];
                var lastSeen = Latest(Parse(reader.GetStringOrNull(5)), Parse(reader.GetStringOrNull(9)),
                    sessionsOfKiosk.Count == 0 ? null : new DateTimeOffset(sessionsOfKiosk.Max(s => Interlocked.Read(ref s.LastSeenTicks)), TimeSpan.Zero));
                var acked = Math.Max(reader.GetInt64(4), sessionsOfKiosk.Count == 0 ? 0 : sessionsOfKiosk.Max(s => Interlocked.Read(ref s.AckedSeq)));
                var screenOff = !reader.IsDBNull(8) && reader.GetInt64(8) != 0;
                TimeSpan? heartbeat = reader.IsDBNull(10) ? null : TimeSpan.FromSeconds(reader.GetDouble(10));
                var state = FleetRules.StateOf(new KioskLiveness { LastSeen = lastSeen, ScreenOff = screenOff, HeartbeatInterval = heartbeat },
                    now, settings.HeartbeatInterval, settings.MissedHeartbeats);
                if (filter.State is { } wanted && wanted != state)
                {
                    continue;
                }
                var stationId = reader.GetString(2);
                var reusedAt = Parse(reader.GetStringOrNull(11));
                rows.Add((new FleetKiosk
                {
                    Id = id,
                    Name = ContentJson.Deserialize<Kiosk>(reader.GetString(1)).Name,
                    StationId = stationId,
                    StationName = stationNames.GetValueOrDefault(stationId),
                    PlaceId = placeId,
                    State = state,
                    LastSeen = lastSeen,
                    Connected = sessionsOfKiosk.Count > 0,
                    ScreenOff = screenOff,
                    AckedSeq = acked,
                    SoftwareVersion = sessionsOfKiosk.Select(s => s.SoftwareVersion).FirstOrDefault(v => v is not null) ?? reader.GetStringOrNull(6),
                    InstallationId = reader.GetStringOrNull(7),
                    CredentialReused = reusedAt is not null,
                    CredentialReusedAt = reusedAt,
                    CredentialReuseCount = reader.IsDBNull(12) ? 0 : reader.GetInt32(12),
                    CredentialReusedFrom = reader.GetStringOrNull(13),
                    ClockSkewSeconds = reader.IsDBNull(14) ? null : Math.Round(reader.GetDouble(14) / 1000, 1),
                    StorageFull = !reader.IsDBNull(15) && reader.GetInt64(15) != 0,
                }, chain));
            }
        }
        foreach (var (row, chain) in rows)
        {
            result.Add(withSequences ? await WithSequencesAsync(connection, row, chain, cancellationToken) : row);
        }
        return result;
    }

    private static async Task<FleetKiosk> WithSequencesAsync(SqliteConnection connection, FleetKiosk row, IReadOnlyList<string> chain, CancellationToken cancellationToken)
    {
        // Every change targets exactly one place or one kiosk, so per-target counts add up without double counting.
        await using var command = connection.Command("", null, ("@kiosk", row.Id), ("@acked", row.AckedSeq));
        var latest = new List<string> { "SELECT max(seq) AS m, 0 AS n FROM changes WHERE target_kiosk_id = @kiosk" };
        var behind = new List<string> { "SELECT NULL, count(*) FROM changes WHERE target_kiosk_id = @kiosk AND seq > @acked" };
        for (var i = 0; i < chain.Count; i++)
        {
            command.Parameters.AddWithValue($"@p{i}", chain[i]);
            latest.Add($"SELECT max(seq), 0 FROM changes WHERE target_place_id = @p{i}");
            behind.Add($"SELECT NULL, count(*) FROM changes WHERE target_place_id = @p{i} AND seq > @acked");
        }
        command.CommandText = "SELECT coalesce(max(m), 0), coalesce(sum(n), 0) FROM (" + string.Join(" UNION ALL ", latest.Concat(behind)) + ");";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return row with { LatestSeq = reader.GetInt64(0), Behind = reader.GetInt64(1) };
    }

    /// <summary>The place and its ancestors, innermost first (places are few; one read beats a query per kiosk).</summary>
    private static List<string> Chain(string placeId, Dictionary<string, string?> parents)
    {
        var chain = new List<string>();
        for (string? id = placeId; id is not null && chain.Count < 32 && !chain.Contains(id); id = parents.GetValueOrDefault(id))
        {
            chain.Add(id);
        }
        return chain;
    }

    private static async Task<Dictionary<string, string?>> PairsAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            result[reader.GetString(0)] = reader.GetStringOrNull(1);
        }
        return result;
    }

    private static DateTimeOffset? Parse(string? stamp) => stamp is null ? null : DateTimeOffset.Parse(stamp, CultureInfo.InvariantCulture);

    private static DateTimeOffset? Latest(params DateTimeOffset?[] times) => times.Where(t => t is not null && t.Value.UtcTicks > 0).Max();
}
