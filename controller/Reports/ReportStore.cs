using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SignageKiosk.Controller.Places;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Shared.Places;
using SignageKiosk.Shared.Reports;

namespace SignageKiosk.Controller.Reports;

/// <summary>
/// Residents' reports, and the only SQL that touches them. Reports are never written to the change log: a phone
/// number given for a call back must not reach any kiosk or board. The staff's handling (assign, states, notes) is in
/// ReportStore.Handling.cs.
/// </summary>
public sealed partial class ReportStore(ControllerDb db, TimeProvider time, IOptions<ReportQueueOptions> options, ReportSignal signal)
{
    public const string Received = ReportState.Received;

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
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
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
            INSERT INTO reports(reference, kiosk_id, idempotency_key, category, building_id, unit_id, phrases, phone, created_at, received_at, state, source, client_address, due_at, updated_at)
            VALUES (@reference, @kiosk, @key, @category, @building, @unit, @phrases, @phone, @created, @received, @state, @source, @client, @due, @received);
            """, transaction, cancellationToken,
            ("@reference", reference), ("@kiosk", kioskId), ("@key", report.IdempotencyKey), ("@category", ReportCategories.WireName(report.Category)),
            ("@building", report.BuildingId), ("@unit", report.UnitId), ("@phrases", JsonSerializer.Serialize(report.Phrases)), ("@phone", report.Phone),
            ("@created", Instant(report.CreatedAt)), ("@received", Instant(receivedAt)), ("@state", Received),
            ("@source", source), ("@client", clientAddress), ("@due", Instant(ReportTimeLimits.DueAt(report.Category, receivedAt, options.Value.TimeLimits))));
        await transaction.CommitAsync(cancellationToken);
        // The compound's monthly figures count it (ReportFiguresService refreshes them off this path).
        signal.Changed(report.BuildingId);
        return new Outcome(new ReportReceipt { Reference = reference, ReceivedAt = receivedAt }, null);
    }

    private static async Task<ReportReceipt?> ExistingAsync(DbConnection connection, DbTransaction transaction, string kioskId, string key, CancellationToken cancellationToken)
    {
        await using var command = connection.Command("SELECT reference, received_at FROM reports WHERE kiosk_id = @kiosk AND idempotency_key = @key;",
            transaction, ("@kiosk", kioskId), ("@key", key));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new ReportReceipt { Reference = reader.GetString(reader.GetOrdinal("reference")), ReceivedAt = Parse(reader.GetString(reader.GetOrdinal("received_at"))) }
            : null;
    }

    /// <summary>How report times are stored: UTC, round-trip ("O"); the other report stores read and write them the same way.</summary>
    internal static string Instant(DateTimeOffset value) => value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    internal static DateTimeOffset Parse(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
