using SignageKiosk.Shared.Content;

namespace SignageKiosk.Shared.Screen;

/// <summary>Shape rules for a station's screen hours (called by <see cref="ContentValidator"/>), in English and Chinese.</summary>
public static class ScreenHoursRules
{
    public static void Validate(ScreenHours hours, List<ValidationError> errors)
    {
        const string weekly = "screenHours.weekly";
        // JSON can say null where a list or an entry belongs; nothing below would make sense of it.
        if (hours.Weekly is null || hours.Exceptions is null || hours.Weekly.Any(w => w is null || w.Days is null || w.Periods is null || w.Periods.Any(p => p is null))
            || hours.Exceptions.Any(e => e is null || e.Periods is null || e.Periods.Any(p => p is null)))
        {
            errors.Add(new("screenHours", "screen hours contain an empty (null) entry", "屏幕开关时间中有空白项"));
            return;
        }
        var seen = new HashSet<DayOfWeek>();
        foreach (var entry in hours.Weekly)
        {
            if (entry.Days.Count == 0)
            {
                errors.Add(new(weekly, "each weekly entry names at least one day", "每组开屏时间至少要选一天"));
            }
            foreach (var day in entry.Days)
            {
                if (!Enum.IsDefined(day))
                {
                    errors.Add(new(weekly, "days are monday … sunday", "星期几不正确"));
                }
                else if (!seen.Add(day))
                {
                    errors.Add(new(weekly, $"{day} is named in more than one weekly entry", $"{Chinese(day)}出现了不止一次"));
                }
            }
            Periods(errors, weekly, entry.Periods, string.Join(", ", entry.Days), string.Join("、", entry.Days.Where(Enum.IsDefined).Select(Chinese)));
        }
        if (!hours.Weekly.Any(w => w.Days.Count > 0 && w.Periods.Count > 0))
        {
            errors.Add(new(weekly, "the screen is on at no time of the week; give at least one period, or remove the screen hours to keep it always on",
                "每周至少要有一个开屏时段；如需一直开屏，请取消“按时间开关屏幕”"));
        }

        const string exceptions = "screenHours.exceptions";
        if (hours.Exceptions.Count > ScreenHours.MaxExceptions)
        {
            errors.Add(new(exceptions, $"at most {ScreenHours.MaxExceptions} dates with other hours", $"特殊日期最多 {ScreenHours.MaxExceptions} 个"));
        }
        var dates = new HashSet<DateOnly>();
        foreach (var exception in hours.Exceptions)
        {
            var date = exception.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            if (!dates.Add(exception.Date))
            {
                errors.Add(new(exceptions, $"{date} is listed more than once", $"{date} 出现了不止一次"));
            }
            Periods(errors, exceptions, exception.Periods, date, date);
        }
    }

    /// <summary>One day's periods: a few, none overlapping another (a whole-day period stands alone).</summary>
    private static void Periods(List<ValidationError> errors, string field, IReadOnlyList<ScreenPeriod> periods, string day, string dayChinese)
    {
        if (periods.Count > ScreenHours.MaxPeriodsPerDay)
        {
            errors.Add(new(field, $"{day}: at most {ScreenHours.MaxPeriodsPerDay} periods a day", $"{dayChinese}：每天最多 {ScreenHours.MaxPeriodsPerDay} 个时段"));
            return;
        }
        var sorted = periods.OrderBy(p => p.On).ToList();
        for (var i = 1; i < sorted.Count; i++)
        {
            var previous = sorted[i - 1];
            if (previous.On.ToTimeSpan() + previous.Length > sorted[i].On.ToTimeSpan())
            {
                errors.Add(new(field, $"{day}: the periods overlap (a period past midnight must be the day's last)",
                    $"{dayChinese}：时段有重叠（跨过午夜的时段只能是当天最后一个）"));
                return;
            }
        }
    }

    public static string Chinese(DayOfWeek day) => day switch
    {
        DayOfWeek.Monday => "周一",
        DayOfWeek.Tuesday => "周二",
        DayOfWeek.Wednesday => "周三",
        DayOfWeek.Thursday => "周四",
        DayOfWeek.Friday => "周五",
        DayOfWeek.Saturday => "周六",
        _ => "周日",
    };
}
