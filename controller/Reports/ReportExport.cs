using System.Globalization;
using System.Security.Claims;
using System.Text;
using SignageKiosk.Shared.Reports;

namespace SignageKiosk.Controller.Reports;

/// <summary>
/// The queue as a CSV file for staff's own 接诉即办 counts: UTF-8 with a BOM (so a spreadsheet reads the Chinese),
/// Chinese headers, times in China time, the caller's area and filters. It has no phone column and no notes at all:
/// a file leaves the controller and goes where no one can take it back (docs/decisions/0029).
/// </summary>
public sealed class ReportExport(ReportStore store, ReportQuery query, TimeProvider time)
{
    public const int MaxRows = 20_000;
    public const string ContentType = "text/csv; charset=utf-8";

    private static readonly string[] Headers =
        ["编号", "来源", "类别", "楼栋", "单元", "反映内容", "状态", "受理时间", "办理时限", "是否超期", "办结时间", "办结用时（天）", "按时办结", "处理人", "答复或原因", "居民评价"];

    public async Task<byte[]> CsvAsync(ClaimsPrincipal user, ReportQuery.Query filterQuery, CancellationToken cancellationToken)
    {
        var caller = ReportCaller.From(user);
        var filter = await query.FilterAsync(caller, filterQuery, cancellationToken);
        var rows = await store.ListAllAsync(filter, MaxRows, cancellationToken);
        var now = time.GetUtcNow();
        var csv = new StringBuilder();
        Line(csv, Headers);
        foreach (var r in rows)
        {
            Line(csv,
            [
                r.Reference,
                r.Source == "phone" ? "手机" : "屏幕",
                ReportCategories.Label(r.Category),
                r.BuildingName ?? r.BuildingId,
                r.UnitName ?? r.UnitId ?? "",
                string.Join("；", r.Phrases.Select(id => ReportPhrases.Text(r.Category, id) ?? id)),
                ReportState.Label(r.State),
                Local(r.ReceivedAt),
                Local(r.DueAt),
                ReportWorkflow.IsOverdue(r.State, r.DueAt, now) ? "是" : "否",
                Local(r.ResolvedAt),
                r.ResolvedAt is { } resolved ? Math.Round((resolved - r.ReceivedAt).TotalDays, 1).ToString("0.0", CultureInfo.InvariantCulture) : "",
                r.ResolvedAt is { } done && r.State == ReportState.Resolved ? (r.DueAt is null || done <= r.DueAt ? "是" : "否") : "",
                r.AssigneeName ?? "",
                r.PublicReply ?? "",
                r.Rating is { } rating ? ReportRatings.Label(rating) : "",
            ]);
        }
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    public static string FileName(DateTimeOffset now) =>
        "reports-" + TimeZoneInfo.ConvertTime(now, ReportReference.Zone).ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture) + ".csv";

    private static string Local(DateTimeOffset? instant) =>
        instant is { } value ? TimeZoneInfo.ConvertTime(value, ReportReference.Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "";

    private static void Line(StringBuilder csv, IEnumerable<string> cells)
    {
        csv.AppendJoin(',', cells.Select(Cell));
        csv.Append("\r\n");
    }

    private static string Cell(string value)
    {
        // A cell a spreadsheet would run as a formula (=, +, -, @) is kept as text.
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
