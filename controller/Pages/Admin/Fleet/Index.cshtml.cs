using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Fleet;
using SignageKiosk.Controller.Pairing;
using SignageKiosk.Controller.Places;
using SignageKiosk.Controller.Web;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Fleet;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Controller.Pages.Admin.Fleet;

/// <summary>Every screen with its state, how far behind it is, and what it shows; pairing new screens by code.</summary>
public sealed class IndexModel(
    FleetQuery fleet, FleetSampler sampler, ScreenshotStore screenshots, PairingStore pairing, StructureStore structure,
    StaffScope scope, UiText text, TimeProvider time) : PageModel
{
    private static readonly StationClock Clock = new(null);

    [BindProperty] public string? Code { get; set; }
    [BindProperty] public string? KioskId { get; set; }
    [BindProperty] public string? KioskName { get; set; }
    [BindProperty] public string? StationId { get; set; }

    public string? Place { get; private set; }
    public KioskState? State { get; private set; }
    public List<FleetKiosk> Kiosks { get; private set; } = [];
    public HashSet<string> HasScreenshot { get; } = [];
    public List<(Place Place, string Path)> Places { get; private set; } = [];
    public List<Station> Stations { get; private set; } = [];
    public string ChartSvg { get; private set; } = "";
    public int Waiting { get; private set; }
    public string? Message { get; private set; }
    public bool Failed { get; private set; }

    public async Task OnGetAsync(string? place, KioskState? state, string? done, CancellationToken cancellationToken)
    {
        Message = done switch
        {
            "paired" => text.T("配对成功，屏幕将在几秒内开始同步。", "Paired; the screen starts syncing within seconds."),
            "capture" => text.T("已请求截图，几秒后刷新本页查看。", "Screenshot requested; refresh in a few seconds."),
            _ => null,
        };
        await LoadAsync(place, state, cancellationToken);
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
            await LoadAsync(null, null, cancellationToken);
            return Page();
        }
        return Redirect("/admin/fleet?done=capture");
    }

    public async Task<IActionResult> OnGetScreenshotAsync(string id, CancellationToken cancellationToken)
    {
        if ((await fleet.ListAsync(User, new FleetQuery.Filter(KioskId: id), withSequences: false, cancellationToken)).Count == 0)
        {
            return Forbid();
        }
        return await screenshots.LatestAsync(id, cancellationToken) is { } latest ? PhysicalFile(latest.Path, PngFile.ContentType) : NotFound();
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
            return Redirect("/admin/fleet?done=paired");
        }
        catch (ApiException e)
        {
            (Message, Failed) = (text.T("配对失败：", "Pairing failed: ") + e.Message, true);
            await LoadAsync(null, null, cancellationToken);
            return Page();
        }
    }

    private async Task LoadAsync(string? place, KioskState? state, CancellationToken cancellationToken)
    {
        (Place, State) = (string.IsNullOrEmpty(place) ? null : place, state);
        Places = (await scope.TargetPlacesAsync(User, cancellationToken)).Where(p => p.Place.Kind is PlaceKind.Community or PlaceKind.Compound).ToList();
        var kind = Places.FirstOrDefault(p => p.Place.Id == Place).Place?.Kind;
        var filter = new FleetQuery.Filter(kind == PlaceKind.Community ? Place : null, kind == PlaceKind.Compound ? Place : null, State);
        Kiosks = await fleet.ListAsync(User, filter, withSequences: true, cancellationToken);
        foreach (var kiosk in Kiosks)
        {
            if (await screenshots.LatestAsync(kiosk.Id, cancellationToken) is not null)
            {
                HasScreenshot.Add(kiosk.Id);
            }
        }
        Stations = await structure.ListVisibleAsync<Station>("stations", User, null, cancellationToken);
        if (User.StaffRole() == StaffRole.Admin)
        {
            Waiting = (await pairing.WaitingAsync(cancellationToken)).Count;
        }
        var to = time.GetUtcNow();
        var from = to - TimeSpan.FromHours(24);
        var buckets = FleetHistory.Buckets(await sampler.ReadAsync(User, FleetHistory.Floor(from, FleetHistory.BucketSize), cancellationToken), from, to);
        ChartSvg = Chart(buckets);
    }

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
