using System.Globalization;
using Microsoft.Data.Sqlite;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Shared.ProofOfDisplay;

namespace SignageKiosk.Controller.ProofOfDisplay;

/// <summary>
/// The display hours kiosks upload. A kiosk sends running totals, so each (kiosk, notice, hour) keeps the largest
/// value it was sent: uploading again, late or twice, never counts anything twice.
/// </summary>
public sealed class DisplayProofStore(ControllerDb db, TimeProvider time)
{
    public sealed record HourRow(string KioskId, DateTimeOffset Hour, int Seconds);

    /// <summary>Stores a validated upload in one transaction (all of it or, on failure, none of it).</summary>
    public async Task<int> StoreAsync(string kioskId, IReadOnlyList<DisplayRecord> records, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.Command(
            """
            INSERT INTO display_proof(kiosk_id, notice_id, hour, seconds, received_at) VALUES (@kiosk, @notice, @hour, @seconds, @at)
            ON CONFLICT(kiosk_id, notice_id, hour) DO UPDATE SET seconds = max(seconds, excluded.seconds), received_at = excluded.received_at;
            """, transaction, ("@kiosk", kioskId), ("@notice", ""), ("@hour", ""), ("@seconds", 0),
            ("@at", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)));
        foreach (var record in records)
        {
            command.Parameters["@notice"].Value = record.NoticeId;
            command.Parameters["@hour"].Value = DisplayHours.Key(record.Hour);
            command.Parameters["@seconds"].Value = record.Seconds;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return records.Count;
    }

    /// <summary>Every kiosk's hours of one notice that overlap [from, to).</summary>
    public async Task<List<HourRow>> ReadAsync(string noticeId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            "SELECT kiosk_id, hour, seconds FROM display_proof WHERE notice_id = @notice AND hour >= @from AND hour < @to ORDER BY kiosk_id, hour;",
            null, ("@notice", noticeId), ("@from", DisplayHours.Key(DisplayHours.HourOf(from))), ("@to", DisplayHours.Key(to)));
        var rows = new List<HourRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new HourRow(reader.GetString(0), DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal), reader.GetInt32(2)));
        }
        return rows;
    }
}
