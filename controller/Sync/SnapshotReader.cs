using System.Data.Common;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Places;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Controller.Sync;

/// <summary>
/// Every current record a kiosk should hold, read in one transaction together with the log's head, so a
/// kiosk that loads it and then catches up from that head misses nothing.
/// </summary>
public sealed class SnapshotReader(ControllerDb db, StoreEpoch epoch)
{
    public async Task<SyncSnapshot> ReadAsync(string kioskId, IReadOnlyList<string> chain, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginSnapshotAsync(cancellationToken);
        var head = await connection.ScalarAsync<long?>("SELECT max(seq) FROM changes;", transaction, cancellationToken) ?? 0;
        var chainSet = chain.ToHashSet(StringComparer.Ordinal);
        var items = new List<SyncChange>();

        // Only the candidates: the chain itself and the buildings and units below it (announced to their compound),
        // not every place of the city; the same rule (PlaceChain.SyncTargetOf) then picks from them.
        var inList = string.Join(",", chain.Select((_, i) => $"@p{i}"));
        var parameters = chain.Select((id, i) => ($"@p{i}", (object?)id)).Append(("@kiosk", kioskId)).ToArray();
        var places = new Dictionary<string, (Place Place, string Payload)>(StringComparer.Ordinal);
        await using (var command = connection.Command(
            $"""
            WITH RECURSIVE below(id, depth) AS (
                SELECT id, 0 FROM places WHERE parent_id IN ({inList}) AND kind IN ('{PlaceKind.Building}', '{PlaceKind.Unit}')
                UNION ALL
                SELECT p.id, b.depth + 1 FROM places p JOIN below b ON p.parent_id = b.id WHERE p.kind IN ('{PlaceKind.Building}', '{PlaceKind.Unit}') AND b.depth < 32)
            SELECT payload FROM places WHERE id IN ({inList}) OR id IN (SELECT id FROM below);
            """, transaction, parameters))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            var payloadAt = reader.GetOrdinal("payload");
            while (await reader.ReadAsync(cancellationToken))
            {
                var payload = reader.GetString(payloadAt);
                var place = ContentJson.Deserialize<Place>(payload);
                places[place.Id] = (place, payload);
            }
        }
        foreach (var (place, payload) in places.Values)
        {
            if (chainSet.Contains(PlaceChain.SyncTargetOf(place, id => places.TryGetValue(id, out var p) ? p.Place : null)))
            {
                items.Add(ChangeLog.ToSyncChange(head, 0, ContentKind.Place, place.Id, ChangeOp.Upsert, payload));
            }
        }

        await ReadInto(items, connection, transaction, $"SELECT 'stations' AS kind, id, payload FROM stations WHERE place_id IN ({inList});", head, parameters, cancellationToken);
        await ReadInto(items, connection, transaction, "SELECT 'kiosks' AS kind, id, payload FROM kiosks WHERE id = @kiosk;", head, parameters, cancellationToken);
        await ReadInto(items, connection, transaction, $"SELECT kind, id, payload FROM items WHERE target_kiosk_id = @kiosk OR target_place_id IN ({inList});", head, parameters, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new SyncSnapshot { Items = items, Seq = head, ChainFingerprint = SyncRules.Fingerprint(kioskId, chain, epoch.Current) };
    }

    private static async Task ReadInto(List<SyncChange> items, DbConnection connection, DbTransaction transaction, string sql, long head, (string, object?)[] parameters, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(sql, transaction, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var (kindAt, idAt, payloadAt) = (reader.GetOrdinal("kind"), reader.GetOrdinal("id"), reader.GetOrdinal("payload"));
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(ChangeLog.ToSyncChange(head, 0, reader.GetString(kindAt), reader.GetString(idAt), ChangeOp.Upsert, reader.GetString(payloadAt)));
        }
    }
}
