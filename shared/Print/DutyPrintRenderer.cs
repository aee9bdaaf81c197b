using System.Globalization;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Duty;
using SignageKiosk.Shared.Places;
using SignageKiosk.Shared.Print.Skia;
using SignageKiosk.Shared.Print.Table;

namespace SignageKiosk.Shared.Print;

/// <summary>
/// The printed 值班表 of one week (content/layouts/print-duty.json): a row per shift, grouped by day, every day of
/// the week present (a day without shifts says so, a holiday is named). Overnight shifts end 次日; a shift whose
/// real length differs from its wall-clock one (a DST night) says how long it really is.
/// </summary>
public sealed class DutyPrintRenderer(PrintLayout layout, PrintFonts fonts)
{
    private readonly PrintTableRenderer _table = new(layout, fonts);
    private readonly BoardText _text = BoardText.Zh;

    public PrintLayout Layout => layout;

    public PrintReport RenderPdf(DutyPrintRequest request, Stream output) => _table.RenderPdf(Table(request), output);

    public PrintReport RenderPng(DutyPrintRequest request, int page, float dpi, Stream output) => _table.RenderPng(Table(request), page, dpi, output);

    public int CountPages(DutyPrintRequest request) => _table.CountPages(Table(request));

    /// <summary>"2026年3月23日—3月29日": the week's first and last dates.</summary>
    public static string WeekLabel(DateOnly monday)
    {
        var sunday = monday.AddDays(6);
        var end = sunday.Year != monday.Year ? sunday.ToString("yyyy年M月d日", CultureInfo.InvariantCulture) : sunday.ToString("M月d日", CultureInfo.InvariantCulture);
        return $"{monday.ToString("yyyy年M月d日", CultureInfo.InvariantCulture)}—{end}";
    }

    private PrintTable Table(DutyPrintRequest request)
    {
        var monday = request.Days[0].Date;
        var shifts = request.Days.Sum(d => d.Shifts.Count);
        var zone = string.IsNullOrEmpty(request.TimeZone) || request.TimeZone == Station.DefaultTimeZone ? null : $"时间为当地时间（{request.TimeZone}）";
        var subtitle = string.Join(" · ", new[] { request.PlaceLine, $"本周 {shifts} 个班次", zone, "打印于 " + _text.Date(request.PrintedOn.ToDateTime(TimeOnly.MinValue)) }
            .Where(s => !string.IsNullOrWhiteSpace(s)));
        var rows = new List<PrintRow>();
        foreach (var day in request.Days)
        {
            var dayText = $"{day.Date.ToString("M月d日", CultureInfo.InvariantCulture)}\n{_text.Weekday(day.Date.DayOfWeek)}" + (day.Holiday is { } h ? "\n" + h.Name : "");
            if (day.Shifts.Count == 0)
            {
                rows.Add(new PrintRow(new Dictionary<string, PrintCell>(StringComparer.Ordinal)
                {
                    ["day"] = new(dayText, Bold: true),
                    ["time"] = new("无排班", Muted: true),
                }));
                continue;
            }
            foreach (var shift in day.Shifts)
            {
                rows.Add(Row(dayText, shift, request));
            }
        }
        return new PrintTable
        {
            Title = $"{request.Name} 值班表\n{WeekLabel(monday)}",
            Subtitle = subtitle,
            Footer = string.Join(" · ", new[] { request.Name, "值班电话以值班人当班时为准" }.Where(s => !string.IsNullOrWhiteSpace(s))),
            EmptyText = "本周暂无排班",
            GroupColumn = "day",
            Rows = rows,
        };
    }

    private PrintRow Row(string dayText, DutyWeekShift week, DutyPrintRequest request)
    {
        var shift = week.Shift;
        var time = $"{shift.Start:HH:mm}–{(shift.End.Date > shift.Start.Date ? _text.NextDay : "")}{shift.End:HH:mm}";
        if (week.Length != week.WallLength)
        {
            time += $"\n实际 {Hours(week.Length)} 小时（夏令时）";
        }
        var person = shift.PersonId is { } id ? request.People.GetValueOrDefault(id) : null;
        return new PrintRow(new Dictionary<string, PrintCell>(StringComparer.Ordinal)
        {
            ["day"] = new(dayText, Bold: true),
            ["time"] = new(time.Replace("次日", "次日 ", StringComparison.Ordinal)),
            ["role"] = new(shift.Role),
            ["name"] = new(shift.PersonName, Bold: true),
            ["phone"] = new(DutyWeek.Phone(shift, person), Muted: true),
            ["location"] = new(shift.Location ?? ""),
        });
    }

    private static string Hours(TimeSpan length) =>
        length.TotalHours.ToString(length.Minutes == 0 ? "0" : "0.#", CultureInfo.InvariantCulture);
}
