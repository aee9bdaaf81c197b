using System.Text.RegularExpressions;
using SignageKiosk.Shared.Activities;
using SignageKiosk.Shared.Broadcasts;
using SignageKiosk.Shared.Duty;
using SignageKiosk.Shared.Holidays;
using SignageKiosk.Shared.Hotlines;
using SignageKiosk.Shared.Media;
using SignageKiosk.Shared.Notices;
using SignageKiosk.Shared.Places;
using SignageKiosk.Shared.Roster;
using SignageKiosk.Shared.Screen;
using SignageKiosk.Shared.Supplies;
using SignageKiosk.Shared.Wishes;

namespace SignageKiosk.Shared.Content;

/// <summary>
/// Shape rules for every record, free of I/O: what a record must hold to be worth publishing. Whether
/// the places and people it names exist is checked by the store, inside the write transaction.
/// </summary>
public static partial class ContentValidator
{
    public const int MaxIdLength = 64;
    public const int MaxShortText = 200;
    public const int MaxBodyText = 10_000;
    // A broadcast fills one screen in the largest type, with no paging: short by design.
    public const int MaxBroadcastTitle = 40;
    public const int MaxBroadcastBody = 300;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[0-9+\-() ]{3,32}$")]
    private static partial Regex PhonePattern();

    public static IReadOnlyList<ValidationError> Validate(object record)
    {
        var errors = new List<ValidationError>();
        switch (record)
        {
            case ContentItem item:
                Id(errors, item.Id);
                Target(errors, item.Target);
                foreach (var media in item.Media())
                {
                    Media(errors, media);
                }
                ValidateItem(errors, item);
                break;
            case Place place:
                Id(errors, place.Id);
                Text(errors, "name", place.Name, MaxShortText, required: true);
                if (place.ParentId == place.Id)
                {
                    errors.Add(new("parentId", "a place cannot be its own parent", "上级地点不能是它自己"));
                }
                if (place.ParentId is null && place.Kind > PlaceKind.District)
                {
                    errors.Add(new("parentId", $"a {place.Kind} must have a parent place", "请选择上级地点"));
                }
                break;
            case Station station:
                Id(errors, station.Id);
                Text(errors, "name", station.Name, MaxShortText, required: true);
                Required(errors, "placeId", station.PlaceId);
                if (string.IsNullOrWhiteSpace(station.TimeZone))
                {
                    errors.Add(new("timeZone", "a time zone is required, e.g. Asia/Shanghai", "请填写时区，例如 Asia/Shanghai"));
                }
                if (station.ScreenHours is { } screenHours)
                {
                    ScreenHoursRules.Validate(screenHours, errors);
                }
                break;
            case Kiosk kiosk:
                Id(errors, kiosk.Id);
                Text(errors, "name", kiosk.Name, MaxShortText, required: true);
                Required(errors, "stationId", kiosk.StationId);
                break;
        }
        return errors;
    }

    private static void ValidateItem(List<ValidationError> errors, ContentItem item)
    {
        switch (item)
        {
            case Person p:
                Text(errors, "name", p.Name, 50, required: true);
                Phone(errors, "phone", p.Phone);
                break;
            case RosterEntry r:
                Required(errors, "personId", r.PersonId);
                Required(errors, "buildingId", r.BuildingId);
                if (r.Households is < 0 or > 10_000)
                {
                    errors.Add(new("households", "households must be between 0 and 10000", "联户数应在 0 到 10000 之间"));
                }
                break;
            case Activity a:
                Text(errors, "title", a.Title, MaxShortText, required: true);
                Text(errors, "room", a.Room, MaxShortText);
                Text(errors, "organiser", a.Organiser, MaxShortText);
                Text(errors, "description", a.Description, MaxBodyText);
                if (a.End <= a.Start)
                {
                    errors.Add(new("end", "the end must be after the start", "结束时间必须晚于开始时间"));
                }
                if (a.Recurrence is { } rule)
                {
                    if (rule.Interval is < 1 or > 366)
                    {
                        errors.Add(new("recurrence.interval", "interval must be between 1 and 366", "重复间隔应在 1 到 366 之间"));
                    }
                    if (rule.Until is { } until && until < DateOnly.FromDateTime(a.Start))
                    {
                        errors.Add(new("recurrence.until", "the series cannot end before its first occurrence", "重复截止日期不能早于第一次活动"));
                    }
                    if (rule.WeekOfMonth is { } week && (rule.Frequency != RecurrenceFrequency.Monthly || week is not (>= 1 and <= 5 or -1)))
                    {
                        errors.Add(new("recurrence.weekOfMonth", "weekOfMonth is 1-5 or -1 (last), for monthly recurrence only", "“每月第几个星期几”只用于每月重复，取 1–5 或 -1（最后一个）"));
                    }
                    if (rule.Exceptions.Count > 366)
                    {
                        errors.Add(new("recurrence.exceptions", "at most 366 exception dates", "例外日期最多 366 个"));
                    }
                    if (rule.Frequency != RecurrenceFrequency.Weekly && rule.DaysOfWeek.Count > 0 && !(rule.Frequency == RecurrenceFrequency.Monthly && rule.WeekOfMonth is not null && rule.DaysOfWeek.Count == 1))
                    {
                        errors.Add(new("recurrence.daysOfWeek", "days of the week apply to weekly recurrence (or one day with weekOfMonth)", "只有“每周”重复（或“每月第几个星期几”）才能选择星期几"));
                    }
                    Changes(errors, a, rule);
                }
                break;
            case Hotline h:
                Text(errors, "name", h.Name, MaxShortText, required: true);
                Required(errors, "number", h.Number);
                Phone(errors, "number", h.Number);
                Text(errors, "hours", h.Hours, MaxShortText);
                break;
            case DutyShift d:
                Text(errors, "personName", d.PersonName, 50, required: true);
                Text(errors, "role", d.Role, MaxShortText, required: true);
                Phone(errors, "phone", d.Phone);
                Text(errors, "location", d.Location, MaxShortText);
                if (d.End <= d.Start)
                {
                    errors.Add(new("end", "the end must be after the start (an overnight shift ends on the next day)", "结束时间必须晚于开始时间（夜班请把结束日期选为次日）"));
                }
                else if (d.End - d.Start > TimeSpan.FromDays(7))
                {
                    errors.Add(new("end", "a shift cannot be longer than 7 days", "一个班次不能超过 7 天"));
                }
                break;
            case Notice n:
                Text(errors, "title", n.Title, MaxShortText, required: true);
                Text(errors, "body", n.Body, MaxBodyText);
                if (n.ValidFrom is { } from && n.ValidTo is { } to && to <= from)
                {
                    errors.Add(new("validTo", "the end must be after the start", "结束时间必须晚于开始时间"));
                }
                break;
            case EmergencyBroadcast b:
                Text(errors, "title", b.Title, MaxBroadcastTitle, required: true);
                Text(errors, "body", b.Body, MaxBroadcastBody);
                if (b.EndsAt <= b.StartsAt)
                {
                    errors.Add(new("endsAt", "the end must be after the start", "结束时间必须晚于开始时间"));
                }
                else if (b.EndsAt - b.StartsAt > EmergencyBroadcast.MaxDuration)
                {
                    errors.Add(new("endsAt", "a broadcast can run for at most 3 days (longer news is a notice)", "紧急通知最多持续 3 天（更长的请发通知公告）"));
                }
                if (b.Target?.KioskId is not null)
                {
                    errors.Add(new("target", "a broadcast goes to a place (a building, a compound, a community or everything)", "紧急通知请发到一个地点（楼栋、小区、社区或全部）"));
                }
                break;
            case Holiday h:
                Text(errors, "name", h.Name, 50, required: true);
                if (h.Date.Year is < 2000 or > 2100)
                {
                    errors.Add(new("date", "the date must be between 2000 and 2100", "请填写正确的日期"));
                }
                break;
            case MicroWish w:
                Text(errors, "title", w.Title, WishRules.MaxTitle, required: true);
                Text(errors, "details", w.Details, WishRules.MaxDetails);
                WishRules.Validate(w, errors);
                break;
            case EmergencySupply s:
                Text(errors, "category", s.Category, MaxShortText, required: true);
                Text(errors, "item", s.Item, MaxShortText, required: true);
                Text(errors, "unit", s.Unit, 10);
                Text(errors, "location", s.Location, MaxShortText);
                Text(errors, "keyHolder", s.KeyHolder, 50);
                Phone(errors, "keyHolderPhone", s.KeyHolderPhone);
                if (s.Quantity is < 0 or > 1_000_000)
                {
                    errors.Add(new("quantity", "quantity must be between 0 and 1000000", "数量应在 0 到 1000000 之间"));
                }
                break;
        }
    }

    /// <summary>One-off changes: each keyed by a real date of the series, at most one per date, and ending after it starts.</summary>
    private static void Changes(List<ValidationError> errors, Activity activity, Recurrence rule)
    {
        if (rule.Changes.Count > 366)
        {
            errors.Add(new("recurrence.changes", "at most 366 one-off changes", "单次调整最多 366 项"));
            return;
        }
        var seen = new HashSet<DateOnly>();
        var duration = activity.End - activity.Start;
        foreach (var change in rule.Changes)
        {
            var date = change.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            if (!seen.Add(change.Date))
            {
                errors.Add(new("recurrence.changes", $"{date} is changed twice; one change per date", $"{date} 已有一项调整，同一天只能调整一次"));
                continue;
            }
            if (!OccurrenceExpander.IsSeriesDate(activity, change.Date))
            {
                errors.Add(new("recurrence.changes", $"{date} is not a date of this series", $"{date} 这一天本来没有这项活动，请选择系列中的日期"));
                continue;
            }
            if (rule.Exceptions.Contains(change.Date))
            {
                errors.Add(new("recurrence.changes", $"{date} is an exception date (not held); it cannot be changed too", $"{date} 已设为不举行，不能再调整"));
                continue;
            }
            if (change.Cancelled && (change.Start is not null || change.End is not null))
            {
                errors.Add(new("recurrence.changes", $"{date}: a cancelled occurrence has no new time", $"{date} 已取消，不能同时改时间"));
                continue;
            }
            if (!change.Cancelled && change.Start is null && change.End is null && change.Room is null && change.Title is null && change.Note is null)
            {
                errors.Add(new("recurrence.changes", $"{date}: the change changes nothing", $"{date} 请填写要调整的内容（时间、地点或取消）"));
                continue;
            }
            var start = change.Start ?? change.Date.ToDateTime(TimeOnly.FromDateTime(activity.Start));
            var end = change.End ?? start + duration;
            if (end <= start)
            {
                errors.Add(new("recurrence.changes", $"{date}: the new end must be after the new start", $"{date} 调整后的结束时间必须晚于开始时间"));
            }
            Text(errors, "recurrence.changes", change.Room, MaxShortText);
            Text(errors, "recurrence.changes", change.Title, MaxShortText);
            Text(errors, "recurrence.changes", change.Note, MaxShortText);
        }
    }

    private static void Id(List<ValidationError> errors, string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxIdLength || !IdPattern().IsMatch(id))
        {
            errors.Add(new("id", $"id must be 1-{MaxIdLength} letters, digits, '.', '_' or '-', starting with a letter or digit", $"编号只能由字母、数字、点、下划线或连字符组成，最长 {MaxIdLength} 个字符"));
        }
    }

    private static void Target(List<ValidationError> errors, ItemTarget? target)
    {
        if (target is null || (target.PlaceId is null) == (target.KioskId is null))
        {
            errors.Add(new("target", "target must name exactly one of placeId or kioskId", "请选择发布到哪里（一个地点或一块屏）"));
        }
    }

    private static void Media(List<ValidationError> errors, MediaRef media)
    {
        if (!MediaRef.IsValidSha256(media.Sha256))
        {
            errors.Add(new("media.sha256", "sha256 must be 64 lower-case hex digits", "图片文件的校验值不正确"));
        }
        if (media.Size <= 0)
        {
            errors.Add(new("media.size", "size must be positive", "图片文件大小不正确"));
        }
    }

    private static void Required(List<ValidationError> errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new(field, $"{field} is required", "此项必填"));
        }
    }

    private static void Text(List<ValidationError> errors, string field, string? value, int max, bool required = false)
    {
        // Judged as it will be stored: a title of only a pasted U+202E is empty.
        value = StaffText.CleanOrNull(value);
        if (required && string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new(field, $"{field} is required", "此项必填"));
        }
        else if (value is not null && value.Length > max)
        {
            errors.Add(new(field, $"{field} is longer than {max} characters", $"最多 {max} 个字"));
        }
    }

    private static void Phone(List<ValidationError> errors, string field, string? value)
    {
        if (!string.IsNullOrEmpty(value) && !PhonePattern().IsMatch(value))
        {
            errors.Add(new(field, $"{field} must be a phone number (digits, +, -, spaces)", "请填写正确的电话号码（数字、+、- 或空格）"));
        }
    }
}
