using SignageKiosk.Shared.Content;

namespace SignageKiosk.Shared.ProofOfDisplay;

/// <summary>What a display upload must look like. The controller refuses a whole upload if any record breaks a rule.</summary>
public static class DisplayRules
{
    /// <summary>
    /// Most records one upload carries; keeps each call and its transaction small. With ids at their longest a full
    /// upload stays under the hub's 32 KB message limit (a bigger message would cost the kiosk its connection).
    /// </summary>
    public const int MaxRecords = 200;

    public const int MaxSeconds = 3600;

    /// <summary>A kiosk clock somewhat ahead is tolerated; an hour further ahead than this is refused.</summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(1);

    /// <summary>Hours older than this are refused (an unset clock says 1970); kiosks drop them.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(400);

    /// <summary>Why the upload is refused, or null when every record is acceptable at <paramref name="now"/>.</summary>
    public static string? Problem(DisplayReport? report, DateTimeOffset now)
    {
        if (report?.Records is not { } records)
        {
            return "send {\"records\": [...]}";
        }
        if (records.Count > MaxRecords)
        {
            return $"at most {MaxRecords} records per upload; this one has {records.Count}";
        }
        for (var i = 0; i < records.Count; i++)
        {
            if (Problem(records[i], now) is { } problem)
            {
                return $"records[{i}]: {problem}";
            }
        }
        return null;
    }

    public static string? Problem(DisplayRecord? record, DateTimeOffset now)
    {
        if (record is null)
        {
            return "a record must not be null";
        }
        if (!IsNoticeId(record.NoticeId))
        {
            return $"noticeId must be 1-{ContentValidator.MaxIdLength} letters, digits, '.', '_' or '-'";
        }
        if (!DisplayHours.IsWholeHour(record.Hour))
        {
            return "hour must be the start of a UTC hour, e.g. 2026-11-22T10:00:00Z";
        }
        if (record.Hour > now + MaxAhead)
        {
            return "hour lies in the future";
        }
        if (record.Hour < now - MaxAge)
        {
            return $"hour is older than {MaxAge.TotalDays} days";
        }
        if (record.Seconds is < 0 or > MaxSeconds)
        {
            return $"seconds must be between 0 and {MaxSeconds}";
        }
        return null;
    }

    /// <summary>True when the hour can never be accepted again, so a kiosk may drop it.</summary>
    public static bool IsTooOld(DateTimeOffset hour, DateTimeOffset now) => hour < now - MaxAge;

    private static bool IsNoticeId(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= ContentValidator.MaxIdLength && char.IsAsciiLetterOrDigit(id[0])
        && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
