using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using SignageKiosk.Controller.Places;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Shared.Reports;

namespace SignageKiosk.Controller.Reports;

/// <summary>
/// What a resident holding a reference may learn and do (the board's look-up and the phone page): the public status of
/// a report, and its rating, once. Reads only public columns: never the phone, unit, phrases, notes or assignee.
/// </summary>
public sealed class ReportStatusStore(ControllerDb db, ReportSignal signal, TimeProvider time)
{
    public const string NotResolved = "这条反映还未办结，暂不能评价";
    public const string RatedAlready = "这条反映已经评价过了";
    public const string Unknown = "没有找到这个反映编号，请核对后再试";

    /// <summary>The result of a rating: the status after it, or why it was refused (Chinese).</summary>
    public sealed record Rated(ReportStatus? Status, string? Refusal);

    /// <summary>
    /// The report with this (well-formed) reference, if its building lies at or under <paramref name="scopePlaceId"/>
    /// (any building for null) and it is not spam; otherwise null, the same for all of these so nobody can probe.
    /// </summary>
    public async Task<ReportStatus?> FindAsync(string reference, string? scopePlaceId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return (await ReadAsync(connection, null, reference, scopePlaceId, cancellationToken))?.Status;
    }

    /// <summary>
    /// Rates a resolved, unrated report once. The guarded update and its history row are one transaction, so of two
    /// ratings at the same moment exactly one is stored and the other is told it was rated already.
    /// </summary>
    public async Task<Rated> RateAsync(string reference, string? scopePlaceId, ReportRating rating, string actor, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        var found = await ReadAsync(connection, transaction, reference, scopePlaceId, cancellationToken);
        if (found is null)
        {
            return new Rated(null, Unknown);
        }
        var (id, status) = found.Value;
        var now = ReportStore.Instant(time.GetUtcNow());
        var changed = await connection.ExecAsync(
            "UPDATE reports SET rating = @rating, rated_at = @now, updated_at = @now WHERE id = @id AND rating IS NULL AND state = @resolved;",
            transaction, cancellationToken, ("@rating", ReportRatings.WireName(rating)), ("@now", now), ("@id", id), ("@resolved", ReportState.Resolved));
        if (changed != 1)
        {
            return new Rated(null, status.State == ReportState.Resolved ? RatedAlready : NotResolved);
        }
        // A rating changes no state: the history row says what was given, and by which door (a board or the phone page).
        await connection.ExecAsync("INSERT INTO report_events(report_id, at, actor, kind, state, text) VALUES (@id, @now, @actor, 'rating', NULL, @rating);",
            transaction, cancellationToken, ("@id", id), ("@now", now), ("@actor", actor), ("@rating", ReportRatings.WireName(rating)));
        var buildingId = await connection.ScalarAsync<string>("SELECT building_id FROM reports WHERE id = @id;", transaction, cancellationToken, ("@id", id));
        await transaction.CommitAsync(cancellationToken);
        // The compound's share satisfied counts it.
        if (buildingId is not null)
        {
            signal.Changed(buildingId);
        }
        return new Rated(status with { Rating = rating, MayRate = false }, null);
    }

    private static async Task<(long Id, ReportStatus Status)?> ReadAsync(DbConnection connection, DbTransaction? transaction, string reference,
        string? scopePlaceId, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(
            (scopePlaceId is null ? "" : "WITH RECURSIVE " + PlaceArea.Cte + " ") +
            """
            SELECT id, reference, category, state, received_at, resolved_at, public_reply, rating
            FROM reports WHERE reference = @reference AND state <> 'spam'
            """ + (scopePlaceId is null ? ";" : " AND building_id IN (SELECT id FROM area);"),
            transaction, ("@reference", reference), ("@scope", scopePlaceId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        ReportCategories.TryParse(reader.GetString(reader.GetOrdinal("category")), out var category);
        var state = reader.GetString(reader.GetOrdinal("state"));
        var rating = ReportRatings.Parse(reader.GetStringOrNull(reader.GetOrdinal("rating")));
        var resolvedAt = reader.GetStringOrNull(reader.GetOrdinal("resolved_at"));
        return (reader.GetInt64(reader.GetOrdinal("id")), new ReportStatus
        {
            Reference = reader.GetString(reader.GetOrdinal("reference")),
            Category = category,
            State = state,
            ReceivedAt = ReportStore.Parse(reader.GetString(reader.GetOrdinal("received_at"))),
            ResolvedAt = resolvedAt is null ? null : ReportStore.Parse(resolvedAt),
            PublicReply = reader.GetStringOrNull(reader.GetOrdinal("public_reply")),
            Rating = rating,
            MayRate = state == ReportState.Resolved && rating is null,
        });
    }


}
