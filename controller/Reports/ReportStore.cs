using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SignageKiosk.Controller.Places;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Shared.Places;
using SignageKiosk.Shared.Reports;

namespace SignageKiosk.Controller.Reports;

/// <summary>
/// Residents' reports, and the only SQL that touches them. Reports are never written to the change log: a phone
/// number given for a call back must not reach any kiosk or board.
/// </summary>
public sealed class ReportStore(ControllerDb db, TimeProvider time)
{
    public const string Received = "received";

    public sealed record Row(string Reference, string State, string KioskId, ReportCategory Category, string BuildingId, string? BuildingName,
        string? UnitId, IReadOnlyList<string> Phrases, string? Phone, DateTimeOffset CreatedAt, DateTimeOffset ReceivedAt);

    /// <summary>The receipt, or why the report is refused (Chinese). Nothing is stored when refused.</summary>
    public sealed record Outcome(ReportReceipt? Receipt, string? Refusal);

    /// <summary>
    /// Stores a validated, normalised report from <paramref name="kioskId"/>, standing at <paramref name="kioskPlaceId"/>,
    /// in one transaction: the same key from the same kiosk returns the first receipt and stores nothing new; the
    /// building must be a building at or under the kiosk's place, and the unit one of its units.
    /// </summary>
    /// <param name="source">"kiosk" (made at the board) or "phone" (the phone page reached through the kiosk's QR code).</param>
    /// <param name="clientAddress">The phone page's network address, for its per-address limit; null from a board.</param>
    public async Task<Outcome> SubmitAsync(string kioskId, string kioskPlaceId, ResidentReport report, CancellationToken cancellationToken,
        string source = "kiosk", string? clientAddress = null)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        // Immediate (the default here): the day's count and the insert see no other writer between them.
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        if (await ExistingAsync(connection, transaction, kioskId, report.IdempotencyKey, cancellationToken) is { } existing)
        {
            return new Outcome(existing, null);
        }
        var building = await KioskDirectory.AncestryWithKindsAsync(connection, transaction, report.BuildingId, cancellationToken);
        if (building.Count == 0 || building[0].Kind != PlaceKind.Building || !building.Any(p => p.Id == kioskPlaceId))
        {
            return new Outcome(null, "这个楼栋不在本屏所在的小区，不能在这里反映");
        }
        if (report.UnitId is { } unitId)
        {
            var unit = await KioskDirectory.AncestryWithKindsAsync(connection, transaction, unitId, cancellationToken);
            if (unit.Count < 2 || unit[0].Kind != PlaceKind.Unit || unit[1].Id != report.BuildingId)
            {
                return new Outcome(null, "这个单元不属于所选楼栋");
            }
        }
        var receivedAt = time.GetUtcNow();
        var prefix = ReportReference.DayPrefix(receivedAt);
        var count = await connection.ScalarAsync<long>("SELECT count(*) FROM reports WHERE reference >= @from AND reference < @to;", transaction,
            cancellationToken, ("@from", prefix), ("@to", prefix[..^1] + "."));
        var reference = ReportReference.Format(receivedAt, (int)count + 1);
        await connection.ExecAsync(
            """
            INSERT INTO reports(reference, kiosk_id, idempotency_key, category, building_id, unit_id, phrases, phone, created_at, received_at, state, source, client_address)
            VALUES (@reference, @kiosk, @key, @category, @building, @unit, @phrases, @phone, @created, @received, @state, @source, @client);
            """, transaction, cancellationToken,
            ("@reference", reference), ("@kiosk", kioskId), ("@key", report.IdempotencyKey), ("@category", ReportCategories.WireName(report.Category)),
            ("@building", report.BuildingId), ("@unit", report.UnitId), ("@phrases", JsonSerializer.Serialize(report.Phrases)), ("@phone", report.Phone),
            ("@created", Instant(report.CreatedAt)), ("@received", Instant(receivedAt)), ("@state", Received),
            ("@source", source), ("@client", clientAddress));
        await transaction.CommitAsync(cancellationToken);
        return new Outcome(new ReportReceipt { Reference = reference, ReceivedAt = receivedAt }, null);
    }

    private static async Task<ReportReceipt?> ExistingAsync(SqliteConnection connection, SqliteTransaction transaction, string kioskId, string key, CancellationToken cancellationToken)
    {
        await using var command = connection.Command("SELECT reference, received_at FROM reports WHERE kiosk_id = @kiosk AND idempotency_key = @key;",
            transaction, ("@kiosk", kioskId), ("@key", key));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new ReportReceipt { Reference = reader.GetString(reader.GetOrdinal("reference")), ReceivedAt = Parse(reader.GetString(reader.GetOrdinal("received_at"))) }
            : null;
    }

    /// <summary>Reports about buildings at or under <paramref name="placeId"/> (every report for null), newest first.</summary>
    public async Task<List<Row>> ListAsync(string? placeId, string? state, int max, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var where = new List<string>();
        if (placeId is not null)
        {
            where.Add("r.building_id IN (SELECT id FROM area)");
        }
        if (state is not null)
        {
            where.Add("r.state = @state");
        }
        await using var command = connection.Command(
            (placeId is not null ? "WITH RECURSIVE " + PlaceArea.Cte + " " : "") +
            """
            SELECT r.reference, r.state, r.kiosk_id, r.category, r.building_id, json_extract(p.payload, '$.name') AS building_name,
                   r.unit_id, r.phrases, r.phone, r.created_at, r.received_at
            FROM reports r LEFT JOIN places p ON p.id = r.building_id
            """ + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "") + " ORDER BY r.id DESC LIMIT @max;",
            null, ("@scope", placeId), ("@state", state), ("@max", max));
        var rows = new List<Row>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ReportCategories.TryParse(reader.GetString(reader.GetOrdinal("category")), out var category);
            rows.Add(new Row(
                reader.GetString(reader.GetOrdinal("reference")),
                reader.GetString(reader.GetOrdinal("state")),
                reader.GetString(reader.GetOrdinal("kiosk_id")),
                category,
                reader.GetString(reader.GetOrdinal("building_id")),
                reader.GetStringOrNull(reader.GetOrdinal("building_name")),
                reader.GetStringOrNull(reader.GetOrdinal("unit_id")),
                JsonSerializer.Deserialize<List<string>>(reader.GetString(reader.GetOrdinal("phrases"))) ?? [],
                reader.GetStringOrNull(reader.GetOrdinal("phone")),
                Parse(reader.GetString(reader.GetOrdinal("created_at"))),
                Parse(reader.GetString(reader.GetOrdinal("received_at")))));
        }
        return rows;
    }

    private static string Instant(DateTimeOffset value) => value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
