using System.Globalization;
using Microsoft.Extensions.Options;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Shared.Reports;

namespace SignageKiosk.Controller.Reports;

/// <summary>
/// Counts what a new report would count with under <see cref="ReportLimits"/> (docs/decisions/0030). Checked before
/// <see cref="ReportStore.SubmitAsync"/>, and only for a report whose key is not stored yet: a retry must get its
/// receipt back, never a refusal. Not in the submit's transaction, so two reports arriving at the same instant may
/// both pass the last free place; a board's calls come one at a time, so only the phone page can go one or two over.
/// </summary>
public sealed class ReportLimitStore(ControllerDb db, TimeProvider time, IOptionsMonitor<ReportLimits> limits)
{
    public const string FromKiosk = "kiosk";
    public const string FromPhone = "phone";

    /// <summary>Whether <paramref name="kioskId"/> already sent a report with this key (its receipt will be returned).</summary>
    public async Task<bool> IsStoredAsync(string kioskId, string key, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.ScalarAsync<long>("SELECT count(*) FROM reports WHERE kiosk_id = @kiosk AND idempotency_key = @key;", null, cancellationToken,
            ("@kiosk", kioskId), ("@key", key)) > 0;
    }

    /// <summary>Why one more (normalised, valid) report is refused, naming the limit; null when it is within them all.</summary>
    public async Task<string?> RefusalAsync(string kioskId, string source, ResidentReport report, string? clientAddress, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var hourAgo = ReportStore.Instant(now - ReportLimitRules.Hour);
        var dayAgo = ReportStore.Instant(now - ReportLimitRules.Day);
        await using var connection = await db.OpenAsync(cancellationToken);
        // Reports made at the board count against the board; the phone page has its own per-network limit instead,
        // so a flood of phones cannot silence the board in the lobby.
        int? kiosk = source == FromKiosk
            ? (int)await connection.ScalarAsync<long>("SELECT count(*) FROM reports WHERE kiosk_id = @kiosk AND source = 'kiosk' AND received_at >= @since;",
                null, cancellationToken, ("@kiosk", kioskId), ("@since", hourAgo))
            : null;
        int? phone = report.Phone is { } number
            ? (int)await connection.ScalarAsync<long>("SELECT count(*) FROM reports WHERE phone = @phone AND received_at >= @since;",
                null, cancellationToken, ("@phone", number), ("@since", dayAgo))
            : null;
        var address = (int)await connection.ScalarAsync<long>(
            "SELECT count(*) FROM reports WHERE building_id = @building AND unit_id IS NOT DISTINCT FROM @unit AND received_at >= @since;",
            null, cancellationToken, ("@building", report.BuildingId), ("@unit", report.UnitId), ("@since", dayAgo));
        int? client = source == FromPhone
            ? (int)await connection.ScalarAsync<long>("SELECT count(*) FROM reports WHERE source = 'phone' AND client_address = @client AND received_at >= @since;",
                null, cancellationToken, ("@client", clientAddress ?? ""), ("@since", hourAgo))
            : null;
        return ReportLimitRules.Refusal(limits.CurrentValue, new ReportCounts(kiosk, phone, address, client));
    }

    // As ReportStore writes them: UTC, round-trip format, so the text compares in time order.
}
