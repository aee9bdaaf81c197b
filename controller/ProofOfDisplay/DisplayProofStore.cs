using System.Data.Common;
using System.Globalization;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.ProofOfDisplay;

namespace SignageKiosk.Controller.ProofOfDisplay;

/// <summary>
/// The display hours kiosks upload. A kiosk sends running totals, so each (kiosk, notice, hour) keeps the largest
/// value it was sent: uploading again, late or twice, never counts anything twice.
/// </summary>
public sealed class DisplayProofStore(ControllerDb db, TimeProvider time)
{
    public sealed record HourRow(string KioskId, DateTimeOffset Hour, int Seconds);

    /// <summary>What became of an upload: records stored, and the notices left out because the kiosk was never sent them.</summary>
    public sealed record Outcome(int Stored, IReadOnlyList<string> Ignored);

    /// <summary>
    /// Stores a validated upload in one transaction (all of it or, on failure, none of it), except records of notices
    /// this kiosk was never sent: a kiosk can only have shown what targets its place chain or itself, so it cannot
    /// vouch for another compound's notices. Those are left out (and reported back), not refused, so that a kiosk
    /// that was moved to another place does not resend its old hours for ever.
    /// </summary>
    public async Task<Outcome> StoreAsync(string kioskId, IReadOnlyList<string> chain, IReadOnlyList<DisplayRecord> records, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var sent = await NoticesSentToAsync(connection, transaction, kioskId, chain, records.Select(r => r.NoticeId).Distinct(StringComparer.Ordinal).ToList(), cancellationToken);
        var kept = records.Where(r => sent.Contains(r.NoticeId)).ToList();
        await using var command = connection.Command(
            """
            INSERT INTO display_proof(kiosk_id, notice_id, hour, seconds, received_at) VALUES (@kiosk, @notice, @hour, @seconds, @at)
            ON CONFLICT(kiosk_id, notice_id, hour) DO UPDATE SET seconds = max(display_proof.seconds, excluded.seconds), received_at = excluded.received_at;
            """, transaction, ("@kiosk", kioskId), ("@notice", ""), ("@hour", ""), ("@seconds", 0),
            ("@at", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)));
        foreach (var record in kept)
        {
            command.Parameters["@notice"].Value = record.NoticeId;
            command.Parameters["@hour"].Value = DisplayHours.Key(record.Hour);
            command.Parameters["@seconds"].Value = record.Seconds;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return new Outcome(kept.Count, [.. records.Select(r => r.NoticeId).Where(id => !sent.Contains(id)).Distinct(StringComparer.Ordinal)]);
    }

    /// <summary>
    /// The notices among <paramref name="noticeIds"/> that some change ever sent to this kiosk: targeted at it or at a
    /// place on its chain. The change log is kept whole, so a notice deleted or moved since still counts for the hours
    /// it was shown here.
    /// </summary>
    private static async Task<HashSet<string>> NoticesSentToAsync(DbConnection connection, DbTransaction transaction, string kioskId,
        IReadOnlyList<string> chain, IReadOnlyList<string> noticeIds, CancellationToken cancellationToken)
    {
        var sent = new HashSet<string>(StringComparer.Ordinal);
        if (noticeIds.Count == 0)
        {
            return sent;
        }
        var notices = string.Join(",", noticeIds.Select((_, i) => $"@n{i}"));
        var places = chain.Count > 0 ? " OR target_place_id IN (" + string.Join(",", chain.Select((_, i) => $"@p{i}")) + ")" : "";
        var parameters = noticeIds.Select((id, i) => ($"@n{i}", (object?)id))
            .Concat(chain.Select((id, i) => ($"@p{i}", (object?)id)))
            .Append(("@kind", ContentKind.Notice)).Append(("@kiosk", kioskId)).ToArray();
        sent.UnionWith(await connection.QueryAsync<string>(
            $"SELECT DISTINCT item_id FROM changes WHERE kind = @kind AND item_id IN ({notices}) AND (target_kiosk_id = @kiosk{places});",
            transaction, cancellationToken, parameters));
        return sent;
    }

    /// <summary>Every kiosk's hours of one notice that overlap [from, to).</summary>
    public async Task<List<HourRow>> ReadAsync(string noticeId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<StoredHour>(
            "SELECT kiosk_id, hour, seconds FROM display_proof WHERE notice_id = @notice AND hour >= @from AND hour < @to ORDER BY kiosk_id, hour;",
            null, cancellationToken, ("@notice", noticeId), ("@from", DisplayHours.Key(DisplayHours.HourOf(from))), ("@to", DisplayHours.Key(to)));
        return rows.ConvertAll(r => new HourRow(r.KioskId, r.Hour, r.Seconds));
    }

    private sealed class StoredHour
    {
        public string KioskId { get; init; } = "";
        public DateTimeOffset Hour { get; init; }
        public int Seconds { get; init; }
    }
}
