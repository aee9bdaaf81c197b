using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Api.Paging;
using SignageKiosk.Controller.Content;
using SignageKiosk.Controller.ProofOfDisplay;
using SignageKiosk.Controller.Web;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Notices;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Controller.Pages.Admin.Proof;

/// <summary>
/// 播放记录: staff pick a notice, a place and a time (in the place's station zone) and get a plain answer —
/// "是：3栋大堂屏 显示了 47 分钟（18:00–21:00）" or "否：该时段内未显示" — with the hours behind it.
/// </summary>
public sealed class IndexModel(ProofQuery proof, ContentStore content, UiText text, TimeProvider time) : PageModel
{
    private const string InputFormat = "yyyy-MM-dd'T'HH:mm";

    /// <summary>How many notices the chooser offers at once: the newest, or those matching <see cref="NoticeSearch"/>.</summary>
    public const int NoticeChoices = 50;

    /// <summary>The notices to choose from: the newest (as the boards order them) or the search's matches, never all.</summary>
    public IReadOnlyList<Notice> Notices { get; private set; } = [];
    /// <summary>How many notices match, of which <see cref="Notices"/> are the first.</summary>
    public long NoticesTotal { get; private set; }
    /// <summary>Words to find a notice by title, text or id.</summary>
    public string? NoticeSearch { get; private set; }
    /// <summary>The chosen notice's title, when it still exists in the caller's area.</summary>
    public string? NoticeTitle { get; private set; }
    public string? Notice { get; private set; }
    public string? Place { get; private set; }
    public string From { get; private set; } = "";
    public string To { get; private set; } = "";
    public string TimeZone { get; private set; } = Station.DefaultTimeZone;
    public ProofAnswer? Answer { get; private set; }
    public string? Problem { get; private set; }
    /// <summary>Which page of the screens and the screen search (decision 0036).</summary>
    public ListQuery Query { get; private set; } = ListQuery.First();

    /// <summary>The question a screen search or another page keeps.</summary>
    public IReadOnlyList<(string Name, string? Value)> Question => [("notice", Notice), ("place", Place), ("from", From), ("to", To)];

    public async Task<IActionResult> OnGetAsync(string? notice, string? place, string? from, string? to, [FromQuery(Name = "page")] int? page, string? q,
        string? nq, CancellationToken cancellationToken)
    {
        Query = ListQuery.FromPage(page, q);
        (Notice, Place) = (Blank(notice), Blank(place));
        await LoadNoticesAsync(Blank(nq), cancellationToken);
        TimeZone = await proof.TimeZoneOfAsync(Place, cancellationToken);
        var clock = new StationClock(TimeZone);
        // By default the last 24 hours, to the end of the current hour.
        var now = clock.ToLocal(time.GetUtcNow());
        var endOfHour = now.Date.AddHours(now.Hour + 1);
        From = Blank(from) ?? endOfHour.AddDays(-1).ToString(InputFormat, CultureInfo.InvariantCulture);
        To = Blank(to) ?? endOfHour.ToString(InputFormat, CultureInfo.InvariantCulture);
        if (Notice is null && Place is null)
        {
            return Page();
        }
        if (Notice is null || Place is null)
        {
            Problem = text.T("请选择通知和地点。", "Choose a notice and a place.");
            return Page();
        }
        if (!TryLocal(From, out var start) || !TryLocal(To, out var end))
        {
            Problem = text.T("请填写开始和结束时间。", "Enter a start and an end time.");
            return Page();
        }
        var (fromInstant, toInstant) = (clock.ToInstant(start), clock.ToInstant(end));
        if (fromInstant >= toInstant)
        {
            Problem = text.T("结束时间必须晚于开始时间。", "The end must be after the start.");
            return Page();
        }
        if (toInstant - fromInstant > ProofQuery.MaxRange)
        {
            Problem = text.T($"一次最多查询 {ProofQuery.MaxRange.TotalDays} 天。", $"Ask about at most {ProofQuery.MaxRange.TotalDays} days at once.");
            return Page();
        }
        try
        {
            Answer = await proof.AnswerAsync(User, Notice, Place, fromInstant, toInstant, Query, cancellationToken);
        }
        catch (ApiException e) when (e.Status == StatusCodes.Status403Forbidden)
        {
            return Forbid();
        }
        catch (ApiException e) when (e.Status == StatusCodes.Status404NotFound)
        {
            Problem = text.T("没有这个地点。", "No such place.");
        }
        return Page();
    }

    /// <summary>One page of notices in the caller's area, searched in SQL (decision 0033), and the chosen one's title.</summary>
    private async Task LoadNoticesAsync(string? search, CancellationToken cancellationToken)
    {
        var query = ListQuery.FromPage(1, search, NoticeChoices);
        NoticeSearch = query.Search;
        var page = await content.PageAsync(ContentKind.Notice, User, query, ContentListFilter.None, cancellationToken, ContentStore.ListOrder.Display);
        (Notices, NoticesTotal) = ([.. page.Items.Select(s => (Notice)s.Item)], page.Total);
        if (Notice is not null)
        {
            NoticeTitle = Notices.FirstOrDefault(n => n.Id == Notice)?.Title;
            if (NoticeTitle is null && await content.GetAsync(ContentKind.Notice, Notice, User, cancellationToken) is { Item: Notice chosen })
            {
                NoticeTitle = chosen.Title;
            }
        }
    }

    /// <summary>The screen's answer line: "是：… 显示了 … （18:00–21:00）" when it showed the notice.</summary>
    public string Line(ProofAnswer.Screen screen) =>
        screen.Shown ? text.ProofYes(screen.Name, screen.TotalSeconds, Span(screen)) : text.T($"{screen.Name}：未显示", $"{screen.Name}: not shown");

    /// <summary>The hours it was shown in, on its station's clock: 18:00–21:00, 23:00–24:00, or with dates when they differ.</summary>
    public static string Span(ProofAnswer.Screen screen)
    {
        if (screen.FirstShown is not { } first || screen.LastShown is not { } last)
        {
            return "";
        }
        var clock = new StationClock(screen.TimeZone);
        var (from, to) = (clock.ToLocal(first), clock.ToLocal(last));
        if (to.Date == from.Date)
        {
            return $"{from:HH:mm}–{to:HH:mm}";
        }
        return to == from.Date.AddDays(1)
            ? $"{from:HH:mm}–24:00"
            : $"{from.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture)}–{to.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture)}";
    }

    private static bool TryLocal(string value, out DateTime local) =>
        DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out local);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
