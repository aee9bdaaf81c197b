using System.Data.Common;
using System.Globalization;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Shared.Content;

namespace SignageKiosk.Controller.Reports;

/// <summary>
/// The stored report-figures items (decision 0041: SQL only in stores). Both calls run inside the publisher's write
/// transaction, so the comparison and the upsert see no other writer between them.
/// </summary>
internal static class ReportFiguresItemStore
{
    /// <summary>The item's stored payload, or null when it was never published.</summary>
    public static Task<string?> PayloadAsync(DbConnection connection, DbTransaction transaction, string id, CancellationToken cancellationToken) =>
        connection.ScalarAsync<string>("SELECT payload FROM items WHERE kind = @kind AND id = @id;", transaction, cancellationToken,
            ("@kind", ContentKind.ReportFigures), ("@id", id));

    /// <summary>Creates the item for the compound or replaces its payload, one version up.</summary>
    public static Task<int> UpsertAsync(DbConnection connection, DbTransaction transaction, string id, string compoundId, string payload, DateTimeOffset now, string actor, CancellationToken cancellationToken) =>
        connection.ExecAsync(
            """
            INSERT INTO items(kind, id, target_place_id, target_kiosk_id, payload, version, updated_at, updated_by)
            VALUES (@kind, @id, @place, NULL, @payload, 1, @now, @actor)
            ON CONFLICT(kind, id) DO UPDATE SET payload = excluded.payload, version = items.version + 1, updated_at = excluded.updated_at, updated_by = excluded.updated_by;
            """, transaction, cancellationToken,
            ("@kind", ContentKind.ReportFigures), ("@id", id), ("@place", compoundId), ("@payload", payload),
            ("@now", now.ToString("O", CultureInfo.InvariantCulture)), ("@actor", actor));
}
