using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Api.Paging;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Fleet;
using SignageKiosk.Controller.Pairing;
using SignageKiosk.Controller.Places;
using SignageKiosk.Controller.Updates;
using SignageKiosk.Controller.Web;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Fleet;
using SignageKiosk.Shared.Places;
using SignageKiosk.Shared.Updates;

namespace SignageKiosk.Controller.Pages.Admin.Fleet;

/// <summary>
/// The fleet of the caller's area, summary first: what needs attention now, counts per community (or compound) with
/// each count a link to its kiosks, the 24 h chart; then the kiosks 50 at a time, searchable, with screenshots.
/// Any filter, search or page number opens the drill-down list alone. Pairing new screens by code stays here.
/// </summary>
public sealed class IndexModel(
    FleetQuery fleet, FleetSampler sampler, ScreenshotStore screenshots, PairingStore pairing, StructureStore structure,
    RolloutStore rollouts, UpdateOffers offers, UiText text, TimeProvider time) : PageModel
{
    public const string Path = "/admin/fleet";
    private static readonly StationClock Clock = new(null);

    [BindProperty] public string? Code { get; set; }
    [BindProperty] public string? KioskId { get; set; }
    [BindProperty] public string? KioskName { get; set; }
    [BindProperty] public string? StationId { get; set; }

    public string? Place { get; private set; }
    public string? PlaceName { get; private set; }
    public KioskState? State { get; private set; }
    public FleetFlag? Flag { get; private set; }
    public ListQuery Query { get; private set; } = ListQuery.First();
    /// <summary>A filter, a search or a page past the first: the list alone, without the summary.</summary>
    public bool DrillDown { get; private set; }
    public FleetSummary? Summary { get; private set; }
    public ListPage<FleetKiosk> Kiosks { get; private set; } = new([], 0, null, ListQuery.DefaultLimit);
    public HashSet<string> HasScreenshot { get; } = [];
    public List<Station> Stations { get; private set; } = [];
    public string ChartSvg { get; private set; } = "";
    public int Waiting { get; private set; }
    /// <summary>The newest rollouts (administrators only): stages, pace and how far each stage got.</summary>
    public List<Rollout> Rollouts { get; private set; } = [];
    /// <summary>Each listed kiosk's step in its newest rollout: the version offered, how far it got, why it failed.</summary>
    public Dictionary<string, (string Version, UpdateStep? Step, string? Detail)> UpdateSteps { get; private set; } = [];
    public string? Message { get; private set; }
    public bool Failed { get; private set; }

    public async Task OnGetAsync(string? place, string? state, string? flag, string? q, [FromQuery(Name = "page")] int? page, string? done, CancellationToken cancellationToken)
    {
        Message = done switch
        {
            "paired" => text.T("配对成功，屏幕将在几秒内开始同步。", "Paired; the screen starts syncing within seconds."),
            "capture" => text.T("已请求截图，几秒后刷新本页查看。", "Screenshot requested; refresh in a few seconds."),
            "paused" => text.T("发布已暂停：不再向新的屏幕推送，正在更新的屏幕会完成。", "Rollout paused: no new screens are offered the build; those updating finish."),
            "resumed" => text.T("发布已继续。", "Rollout resumed."),
            _ => null,
        };
        await LoadAsync(place, state, flag, q, page, cancellationToken);
    }

    public async Task<IActionResult> OnPostCaptureAsync(string id, CancellationToken cancellationToken)
    {
        if ((await fleet.ListAsync(User, new FleetQuery.Filter(KioskId: id), withSequences: false, cancellationToken)).Count == 0)
        {
            return Forbid();
        }
        try
        {
            await screenshots.RequestAsync(id, cancellationToken);
        }
        catch (ApiException e)
        {
            (Message, Failed) = (e.Message, true);
            await LoadAsync(null, null, null, id, null, cancellationToken);
            return Page();
        }
        return Redirect(Path + "?done=capture&q=" + Uri.EscapeDataString(id));
    }

    public async Task<IActionResult> OnGetScreenshotAsync(string id, CancellationToken cancellationToken)
    {
        if ((await fleet.ListAsync(User, new FleetQuery.Filter(KioskId: id), withSequences: false, cancellationToken)).Count == 0)
        {
            return Forbid();
        }
        return await screenshots.LatestAsync(id, cancellationToken) is { } latest ? File(latest.Png, PngFile.ContentType) : NotFound();
    }

    public async Task<IActionResult> OnPostPairAsync(CancellationToken cancellationToken)
    {
        if (User.StaffRole() != StaffRole.Admin)
        {
            return Forbid();
        }
        try
        {
            await pairing.ClaimAsync(new PairingClaim { Code = Code, KioskId = KioskId, Name = KioskName, StationId = StationId }, User,
                HttpContext.Connection.RemoteIpAddress?.ToString(), cancellationToken);
            return Redirect(Path + "?done=paired");
        }
        catch (ApiException e)
        {
            (Message, Failed) = (text.T("配对失败：", "Pairing failed: ") + e.Message, true);
            await LoadAsync(null, null, null, null, null, cancellationToken);
            return Page();
        }
    }

    public Task<IActionResult> OnPostPauseAsync(long rollout, CancellationToken cancellationToken) =>
        ChangeRolloutAsync(rollout, RolloutState.Active, RolloutState.Paused, "paused", cancellationToken);

    public Task<IActionResult> OnPostResumeAsync(long rollout, CancellationToken cancellationToken) =>
        ChangeRolloutAsync(rollout, RolloutState.Paused, RolloutState.Active, "resumed", cancellationToken);

    private async Task<IActionResult> ChangeRolloutAsync(long id, RolloutState from, RolloutState to, string done, CancellationToken cancellationToken)
    {
        if (User.StaffRole() != StaffRole.Admin)
        {
            return Forbid();
        }
        try
        {
            await UpdateEndpoints.ChangeAsync(id, from, to, HttpContext, rollouts, offers, time, cancellationToken);
            return Redirect(Path + "?done=" + done + "#rollouts");
        }
        catch (ApiException e)
        {
            (Message, Failed) = (e.Message, true);
            await LoadAsync(null, null, null, null, null, cancellationToken);
            return Page();
        }
    }

    /// <summary>A rollout's state in words.</summary>
    public string RolloutStateName(RolloutState state) => state switch
    {
        RolloutState.Active => text.T("进行中", "Rolling out"),
        RolloutState.Paused => text.T("已暂停", "Paused"),
        RolloutState.Stopped => text.T("已自动停止", "Stopped by itself"),
        RolloutState.Completed => text.T("已完成", "Completed"),
        _ => state.ToString(),
    };

    /// <summary>A kiosk's step with a build, in words.</summary>
    public string StepName(UpdateStep? step) => step switch
    {
        null => text.T("等待", "Waiting"),
        UpdateStep.Offered => text.T("已推送", "Offered"),
        UpdateStep.Downloading => text.T("下载中", "Downloading"),
        UpdateStep.Installed => text.T("已安装，重启中", "Installed, restarting"),
        UpdateStep.Healthy => text.T("运行正常", "Healthy"),
        UpdateStep.RolledBack => text.T("已回滚", "Rolled back"),
        UpdateStep.Refused => text.T("已拒绝", "Refused"),
        _ => step.ToString()!,
    };

    /// <summary>Names of the places and stations the listed rollouts' stages name.</summary>
    public Dictionary<string, string> StageNames { get; } = new(StringComparer.Ordinal);

    /// <summary>A stage's target in words: everything, or the place's or station's name (a kiosk by its id).</summary>
    public string StageName(string target) => target == RolloutPlan.Everything ? text.T("全部屏幕", "Everything")
        : StageNames.TryGetValue(target, out var name) ? $"{name} ({target})" : target;

    private async Task LoadAsync(string? place, string? state, string? flag, string? q, int? page, CancellationToken cancellationToken)
    {
        Place = string.IsNullOrWhiteSpace(place) ? null : place.Trim();
        try
        {
            State = FleetFilters.ParseState(state);
            Flag = FleetFilters.ParseFlag(flag);
        }
        catch (ApiException e)
        {
            // A hand-edited address shows the list unfiltered with the reason, rather than an error page.
            (Message, Failed) = (e.Message, true);
        }
        Query = ListQuery.FromPage(page, q);
        DrillDown = Place is not null || State is not null || Flag is not null || Query.Search is not null || Query.Offset > 0;
        Kiosks = await fleet.PageAsync(User, new FleetQuery.Filter(State: State, Flag: Flag, Place: Place), Query, cancellationToken);
        if (User.StaffRole() == StaffRole.Admin)
        {
            UpdateSteps = await rollouts.LatestStepsAsync(Kiosks.Items.Select(k => k.Id).ToList(), cancellationToken);
        }
        foreach (var kiosk in Kiosks.Items)
        {
            if (await screenshots.HasScreenshotAsync(kiosk.Id, cancellationToken))
            {
                HasScreenshot.Add(kiosk.Id);
            }
        }
        if (DrillDown)
        {
            // The name of the chosen place, only when it holds kiosks the caller may see: out of area looks absent.
            PlaceName = Place is null ? null : Kiosks.Total > 0 ? await fleet.PlaceNameAsync(Place, cancellationToken) ?? Place : Place;
            return;
        }
        Summary = await fleet.SummaryAsync(User, cancellationToken);
        if (User.StaffRole() == StaffRole.Admin)
        {
            Stations = await structure.ListVisibleAsync<Station>("stations", User, null, cancellationToken);
            Waiting = (await pairing.WaitingAsync(cancellationToken)).Count;
            Rollouts = await rollouts.ListAsync(5, cancellationToken);
            foreach (var target in Rollouts.SelectMany(r => r.Stages).Distinct(StringComparer.Ordinal))
            {
                if (Stations.FirstOrDefault(s => s.Id == target) is { } station)
                {
                    StageNames[target] = station.Name;
                }
                else if (target != RolloutPlan.Everything && await fleet.PlaceNameAsync(target, cancellationToken) is { } placeName)
                {
                    StageNames[target] = placeName;
                }
            }
        }
        var to = time.GetUtcNow();
        var from = to - TimeSpan.FromHours(24);
        var buckets = FleetHistory.Buckets(await sampler.ReadAsync(User, FleetHistory.Floor(from, FleetHistory.BucketSize), cancellationToken), from, to);
        ChartSvg = Chart(buckets);
    }

    /// <summary>The drill-down address for a summary cell: its place (none for the total) and one state or flag.</summary>
    public static string Link(string? place, KioskState? state = null, FleetFlag? flag = null) => Pager.With(Path, Filters(place, state, flag), 1);

    /// <summary>This list's address for another page, keeping its filters and search.</summary>
    public string PageLink(int page) => Pager.With(Path, [.. Filters(Place, State, Flag), ("q", Query.Search)], page);

    /// <summary>The drill-down's filters as query fields, in the one order every link and the search box use.</summary>
    private static List<(string Name, string? Value)> Filters(string? place, KioskState? state, FleetFlag? flag) =>
        [("place", place), ("state", state is { } s ? FleetFilters.Name(s) : null), ("flag", flag is { } f ? FleetFilters.Name(f) : null)];

    public static readonly IReadOnlyList<KioskState> States = [KioskState.Online, KioskState.Offline, KioskState.ScreenOffBySchedule, KioskState.NeverSeen];
    /// <summary>The flags the summary counts (attention has its own list above it).</summary>
    public static readonly IReadOnlyList<FleetFlag> Flags = [FleetFlag.Clone, FleetFlag.Lagging, FleetFlag.Clock, FleetFlag.StorageFull];

    public static int CountOf(FleetCounts row, KioskState state) => state switch
    {
        KioskState.Online => row.Online,
        KioskState.Offline => row.Offline,
        KioskState.ScreenOffBySchedule => row.ScreenOffBySchedule,
        _ => row.NeverSeen,
    };

    public static int CountOf(FleetCounts row, FleetFlag flag) => flag switch
    {
        FleetFlag.Clone => row.CredentialReused,
        FleetFlag.Lagging => row.Lagging,
        FleetFlag.Clock => row.Clock,
        FleetFlag.StorageFull => row.StorageFull,
        _ => row.Attention,
    };

    /// <summary>One kiosk found by its id in the list (from the attention list).</summary>
    public string PageLinkFor(string kioskId) => Pager.With(Path, [("q", kioskId)], 1);

    public ListSearch SearchBox() => new(Query.Search, text.T("屏幕编号、名称或驿站", "Screen id, name or station"), Link(Place, State, Flag), Filters(Place, State, Flag));

    /// <summary>"丹桂苑 · 离线 · 搜索 “3栋”" above the drill-down list.</summary>
    public string ListTitle()
    {
        var parts = new List<string> { PlaceName ?? text.T("全部屏幕", "All screens") };
        if (State is { } state)
        {
            parts.Add(StateName(state));
        }
        if (Flag is { } flag)
        {
            parts.Add(FlagName(flag));
        }
        if (Query.Search is { } search)
        {
            parts.Add(text.T($"搜索“{search}”", $"search \"{search}\""));
        }
        return string.Join(" · ", parts);
    }

    public string FlagName(FleetFlag flag) => flag switch
    {
        FleetFlag.Clone => text.T("克隆警告", "Clone warning"),
        FleetFlag.Lagging => text.T("同步落后", "Lagging"),
        FleetFlag.Clock => text.T("时钟偏差", "Clock off"),
        FleetFlag.StorageFull => text.T("存储已满", "Disk full"),
        _ => text.T("需要处理", "Needs attention"),
    };

    public string ReasonName(string reason) => reason switch
    {
        FleetAttention.Clone => text.T("凭据被重复使用，可能是克隆的设备", "Credential reused: possible clone"),
        FleetAttention.Offline => text.T("长时间离线", "Offline for long"),
        FleetAttention.StorageFull => text.T("存储空间已满", "Disk full"),
        _ => text.T("同步落后", "Lagging"),
    };

    public string GroupKindName(PlaceKind kind) => kind switch
    {
        PlaceKind.Community => text.T("社区", "Community"),
        PlaceKind.Compound => text.T("小区", "Compound"),
        PlaceKind.Building => text.T("楼栋", "Building"),
        _ => text.T("地点", "Place"),
    };

    /// <summary>A plain bar chart: one bar per 5-minute bucket, height = screens online (grey where there were no samples).</summary>
    private string Chart(IReadOnlyList<FleetBucket> buckets)
    {
        const int width = 960, height = 160;
        var max = Math.Max(1, buckets.Select(b => (b.Online ?? 0) + (b.ScreenOff ?? 0) + (b.Offline ?? 0)).DefaultIfEmpty(1).Max());
        var bar = buckets.Count == 0 ? width : (double)width / buckets.Count;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"fleet-chart\" viewBox=\"0 0 {width} {height + 24}\" width=\"{width}\" height=\"{height + 24}\" role=\"img\" aria-label=\"{text.T("在线屏幕数", "Screens online")}\">");
        for (var i = 0; i < buckets.Count; i++)
        {
            var online = buckets[i].Online;
            var h = online is null ? 2 : Math.Max(1, online.Value * height / max);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{i * bar:F1}\" y=\"{height - h}\" width=\"{Math.Max(1, bar - 1):F1}\" height=\"{h}\" fill=\"{(online is null ? "#ddd" : "#2e7d32")}\"><title>{Clock.ToLocal(buckets[i].Start):HH:mm} {online?.ToString(CultureInfo.InvariantCulture) ?? "—"}</title></rect>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{height + 18}\" font-size=\"13\">{text.T("24 小时前", "24 h ago")}</text><text x=\"{width}\" y=\"{height + 18}\" font-size=\"13\" text-anchor=\"end\">{text.T("现在", "now")}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"14\" font-size=\"13\">{max}</text></svg>");
        return svg.ToString();
    }

    public string StateName(KioskState state) => state switch
    {
        KioskState.Online => text.T("在线", "Online"),
        KioskState.Offline => text.T("离线", "Offline"),
        KioskState.ScreenOffBySchedule => text.T("按计划关屏", "Off by schedule"),
        _ => text.T("从未连接", "Never seen"),
    };

    public DateTimeOffset Now => time.GetUtcNow();

    public string Local(DateTimeOffset? instant) =>
        instant is { } value ? Clock.ToLocal(value).ToString("MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "—";

    /// <summary>"时钟快 2 小时 5 分" and that the board already runs on the controller's time.</summary>
    public string ClockSkewText(double seconds)
    {
        // Whole minutes above an hour: a measured 1:59:59.6 reads as the two hours it is.
        var span = TimeSpan.FromSeconds(Math.Abs(seconds) >= 3600 ? Math.Round(Math.Abs(seconds) / 60) * 60 : Math.Round(Math.Abs(seconds)));
        var zh = span.TotalHours >= 1 ? $"{(int)span.TotalHours} 小时 {span.Minutes} 分" : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes} 分 {span.Seconds} 秒" : $"{span.Seconds} 秒";
        var en = span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes} min" : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes} min {span.Seconds} s" : $"{span.Seconds} s";
        return seconds > 0
            ? text.T($"设备时钟快 {zh}（屏幕已按控制台时间校正）", $"Device clock {en} fast (the board uses the controller's time)")
            : text.T($"设备时钟慢 {zh}（屏幕已按控制台时间校正）", $"Device clock {en} slow (the board uses the controller's time)");
    }
}
