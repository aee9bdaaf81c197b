using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Api.Paging;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Content;
using SignageKiosk.Controller.Places;
using SignageKiosk.Controller.Web;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Places;
using SignageKiosk.Shared.Screen;

namespace SignageKiosk.Controller.Pages.Admin.Places;

/// <summary>Administrators keep the place tree, the stations (layout, time zone, screen hours) and the screens' credentials.</summary>
public sealed class IndexModel(StructureStore structure, PlaceDirectory directory, UiText text) : PageModel
{
    [BindProperty] public string? ParentId { get; set; }
    [BindProperty] public string? PlaceName { get; set; }
    [BindProperty] public string? PlaceId { get; set; }
    [BindProperty] public string? StationId { get; set; }
    [BindProperty] public string? StationName { get; set; }
    [BindProperty] public string? Layout { get; set; }
    [BindProperty] public string? TimeZone { get; set; }
    /// <summary>Ticked: the station's screens follow the hours below; unticked: always on.</summary>
    [BindProperty] public bool ScreenScheduled { get; set; }
    /// <summary>Monday first, as on a Chinese calendar: each day's periods as typed ("07:00-21:30, …"; blank is off all day).</summary>
    [BindProperty] public string?[] ScreenDays { get; set; } = new string?[7];
    [BindProperty] public string? ScreenExceptions { get; set; }

    public static readonly DayOfWeek[] Week =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    /// <summary>Most children one opened node shows; more than that is found by search.</summary>
    public const int MaxChildren = 200;

    /// <summary>The opened node (?open=): its children are listed, its stations and screens below. Null: the top level.</summary>
    [BindProperty(SupportsGet = true, Name = "open")] public string? Open { get; set; }
    [BindProperty(SupportsGet = true, Name = "q")] public string? Search { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int? StationPage { get; set; }
    [BindProperty(SupportsGet = true, Name = "kpage")] public int? KioskPage { get; set; }

    /// <summary>From the top level down to the opened node.</summary>
    public List<(string Id, PlaceKind Kind, string Name)> Breadcrumb { get; private set; } = [];
    public ListPage<PlaceNode> Children { get; private set; } = new([], 0, null, MaxChildren);
    public ListPage<PlaceMatch>? Found { get; private set; }
    public ListPage<Station> Stations { get; private set; } = new([], 0, null, ListQuery.DefaultLimit);
    public const int StationsPerPage = 20;

    public ListQuery StationQuery { get; private set; } = ListQuery.First(StationsPerPage);
    public ListPage<Kiosk> Kiosks { get; private set; } = new([], 0, null, ListQuery.DefaultLimit);
    public ListQuery KioskQuery { get; private set; } = ListQuery.First();
    public string? Message { get; private set; }
    public bool Failed { get; private set; }
    private Dictionary<string, string> _names = [];
    private Dictionary<string, string> _stationNames = [];

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken cancellationToken)
    {
        if (User.StaffRole() != StaffRole.Admin)
        {
            return Forbid();
        }
        Message = done switch
        {
            "place" => text.T("地点已添加。", "Place added."),
            "station" => text.Saved,
            "revoked" => text.T("凭据已吊销，该屏幕已断开，需重新配对。", "Credential revoked; the screen is disconnected and must be paired again."),
            _ => null,
        };
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAddPlaceAsync(CancellationToken cancellationToken) => await RunAsync(async () =>
    {
        var parent = (ParentId is null ? null : await structure.GetAsync<Place>("places", ParentId, cancellationToken))
            ?? throw ApiException.BadRequest(text.T("请选择上级地点", "Choose the parent"));
        if (parent.Kind == PlaceKind.Unit)
        {
            throw ApiException.BadRequest(text.T("单元下不能再添加地点", "Nothing goes inside a unit"), "parentId");
        }
        var siblings = await directory.ChildrenAsync(User, parent.Id, ListQuery.First(1), cancellationToken);
        var place = new Place
        {
            Id = PlaceId?.Trim() ?? "",
            Name = PlaceName?.Trim() ?? "",
            Kind = parent.Kind + 1,
            ParentId = parent.Id,
            Order = (int)siblings.Total + 1,
        };
        await structure.UpsertPlaceAsync(place, WriteMode.Create, User, cancellationToken);
        Open = parent.Id;
    }, "place", cancellationToken);

    public async Task<IActionResult> OnPostSaveStationAsync(CancellationToken cancellationToken) => await RunAsync(async () =>
    {
        var station = await structure.GetAsync<Station>("stations", StationId ?? "", cancellationToken) ?? throw ApiException.NotFound(text.T("驿站不存在", "No such station"));
        var changed = station with
        {
            Name = StationName?.Trim() ?? "",
            Layout = Layout ?? station.Layout,
            TimeZone = TimeZone?.Trim() ?? station.TimeZone,
            ScreenHours = ScreenScheduled ? PostedScreenHours() : null,
        };
        // The API's rules, said in the page's language before anything is written.
        var errors = ContentValidator.Validate(changed);
        if (errors.Count > 0)
        {
            throw ApiException.BadRequest(string.Join(text.T("；", "; "), errors.Select(e => text.English ? e.Message : e.ChineseOrMessage)), errors[0].Field);
        }
        await structure.UpsertStationAsync(changed, WriteMode.Replace, User, cancellationToken);
    }, "station", cancellationToken);

    public async Task<IActionResult> OnPostRevokeAsync(string id, CancellationToken cancellationToken) => await RunAsync(async () =>
    {
        // A new credential that nobody holds: the screen is cut off until it is paired again.
        await structure.RotateCredentialAsync(id, User.Actor(), HttpContext.Connection.RemoteIpAddress?.ToString(), cancellationToken);
    }, "revoked", cancellationToken);

    private async Task<IActionResult> RunAsync(Func<Task> action, string done, CancellationToken cancellationToken)
    {
        if (User.StaffRole() != StaffRole.Admin)
        {
            return Forbid();
        }
        try
        {
            await action();
            return Redirect("/admin/places?done=" + done + (Open is null ? "" : "&open=" + Uri.EscapeDataString(Open)));
        }
        catch (ApiException e)
        {
            (Message, Failed) = (e.Message, true);
            await LoadAsync(cancellationToken);
            return Page();
        }
    }

    /// <summary>
    /// One level of the tree (the opened node's children, or the top), the search's matches, and the stations and
    /// screens in the opened node's subtree a page at a time: never the whole city (decision 0035).
    /// </summary>
    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (Open is not null && !await directory.IsVisibleAsync(User, Open, cancellationToken))
        {
            (Message, Failed, Open) = (text.T("没有这个地点", "No such place"), true, null);
        }
        var shown = ListQuery.First(MaxChildren);
        if (Open is null)
        {
            Children = await directory.TopAsync(User, shown, cancellationToken);
        }
        else
        {
            Breadcrumb = (await directory.ChainsAsync([Open], cancellationToken)).GetValueOrDefault(Open) ?? [];
            Children = await directory.ChildrenAsync(User, Open, shown, cancellationToken);
        }
        var search = ListQuery.FromPage(null, Search);
        if (search.Search is not null)
        {
            try
            {
                Found = await directory.SearchAsync(User, search, [], cancellationToken);
            }
            catch (ApiException e)
            {
                (Message, Failed) = (e.Message, true);
            }
        }
        var filter = new StructureFilter([], null, Open);
        // Each station carries its whole editor (layout, time zone, a week of screen hours): 20 of them are a page.
        StationQuery = ListQuery.FromPage(StationPage, null, StationsPerPage);
        Stations = await directory.ListAsync<Station>("stations", User, StationQuery, filter, cancellationToken);
        KioskQuery = ListQuery.FromPage(KioskPage, null);
        Kiosks = await directory.ListAsync<Kiosk>("kiosks", User, KioskQuery, filter, cancellationToken);
        var placeIds = Stations.Items.Select(s => s.PlaceId).Distinct().ToList();
        _names = (await directory.PathsAsync(User, placeIds, cancellationToken)).ToDictionary(p => p.Key, p => string.Join(" / ", p.Value.TakeLast(2)));
        var stationIds = Kiosks.Items.Select(k => k.StationId).Except(Stations.Items.Select(s => s.Id)).Distinct().ToList();
        _stationNames = Stations.Items.ToDictionary(s => s.Id, s => s.Name);
        foreach (var id in stationIds)
        {
            if (await structure.GetAsync<Station>("stations", id, cancellationToken) is { } station)
            {
                _stationNames[station.Id] = station.Name;
            }
        }
    }

    /// <summary>This page's address for the opened node and search, with another page of stations or screens.</summary>
    public string Link(int? stationPage = null, int? kioskPage = null)
    {
        var parts = new List<string>();
        if (Open is not null) parts.Add("open=" + Uri.EscapeDataString(Open));
        if (!string.IsNullOrEmpty(Search)) parts.Add("q=" + Uri.EscapeDataString(Search));
        var s = stationPage ?? StationQuery.PageNumber;
        var k = kioskPage ?? KioskQuery.PageNumber;
        if (s > 1) parts.Add("page=" + s.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (k > 1) parts.Add("kpage=" + k.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return parts.Count == 0 ? "/admin/places" : "/admin/places?" + string.Join("&", parts);
    }

    public string StationNameOf(string id) => _stationNames.GetValueOrDefault(id) ?? id;

    /// <summary>The seven day fields and the dates, grouped back into the model: days with the same periods share an entry.</summary>
    private ScreenHours PostedScreenHours()
    {
        var weekly = new List<(string Key, List<DayOfWeek> Days, IReadOnlyList<ScreenPeriod> Periods)>();
        for (var i = 0; i < Week.Length; i++)
        {
            var typed = i < ScreenDays.Length ? ScreenDays[i] : null;
            if (!ScreenHoursText.TryParsePeriods(typed, out var periods, out var error, out var chinese))
            {
                throw ApiException.BadRequest(text.ScreenWeekdayPrefix(text.ScreenDay(Week[i])) + text.T(chinese, error), "screenHours.weekly");
            }
            if (periods.Count == 0)
            {
                continue;
            }
            var key = ScreenHoursText.FormatPeriods(periods.OrderBy(p => p.On));
            var group = weekly.FindIndex(g => g.Key == key);
            if (group < 0)
            {
                weekly.Add((key, [Week[i]], periods));
            }
            else
            {
                weekly[group].Days.Add(Week[i]);
            }
        }
        if (!ScreenHoursText.TryParseExceptions(ScreenExceptions, out var exceptions, out var exceptionError, out var exceptionChinese))
        {
            throw ApiException.BadRequest(text.T(exceptionChinese, exceptionError), "screenHours.exceptions");
        }
        return new ScreenHours
        {
            Weekly = [.. weekly.Select(g => new ScreenDays { Days = g.Days, Periods = g.Periods })],
            Exceptions = exceptions,
        };
    }

    /// <summary>The station whose save failed: its fields show what was typed, and its screen hours stay open.</summary>
    public bool IsFailedStation(Station station) => Failed && StationId == station.Id;

    /// <summary>A day's field on the form: what was typed after a failed save, else the stored hours.</summary>
    public string DayText(Station station, int day)
    {
        if (IsFailedStation(station))
        {
            return day < ScreenDays.Length ? ScreenDays[day] ?? "" : "";
        }
        return station.ScreenHours is { } hours ? ScreenHoursText.FormatPeriods(hours.PeriodsOn(Week[day]).OrderBy(p => p.On)) : "";
    }

    public string ExceptionsText(Station station) =>
        IsFailedStation(station) ? ScreenExceptions ?? "" : station.ScreenHours is { } hours ? ScreenHoursText.FormatExceptions(hours.Exceptions) : "";

    public bool IsScheduled(Station station) => IsFailedStation(station) ? ScreenScheduled : station.ScreenHours is not null;

    /// <summary>One line for the table: "周一至周五 07:00-21:30；周六、周日 08:00-20:00；其余时间关屏".</summary>
    public string ScreenSummary(Station station)
    {
        if (station.ScreenHours is not { } hours)
        {
            return text.ScreenAlwaysOn;
        }
        var parts = new List<string>();
        var i = 0;
        while (i < Week.Length)
        {
            var periods = ScreenHoursText.FormatPeriods(hours.PeriodsOn(Week[i]).OrderBy(p => p.On));
            var j = i;
            while (j + 1 < Week.Length && ScreenHoursText.FormatPeriods(hours.PeriodsOn(Week[j + 1]).OrderBy(p => p.On)) == periods)
            {
                j++;
            }
            if (periods.Length > 0)
            {
                var days = j - i >= 2
                    ? text.T($"{text.ScreenDay(Week[i])}至{text.ScreenDay(Week[j])}", $"{text.ScreenDay(Week[i])}–{text.ScreenDay(Week[j])}")
                    : string.Join(text.T("、", ", "), Week[i..(j + 1)].Select(text.ScreenDay));
                parts.Add($"{days} {periods}");
            }
            i = j + 1;
        }
        parts.Add(text.ScreenOtherwiseOff);
        if (hours.Exceptions.Count > 0)
        {
            parts.Add(text.ScreenExceptionCount(hours.Exceptions.Count));
        }
        return string.Join(text.T("；", "; "), parts);
    }

    public string NameOf(string id) => _names.GetValueOrDefault(id) ?? id;

    public string KindName(PlaceKind kind) => kind switch
    {
        PlaceKind.City => text.T("市", "City"),
        PlaceKind.District => text.T("区", "District"),
        PlaceKind.Street => text.T("街道", "Street"),
        PlaceKind.Community => text.T("社区", "Community"),
        PlaceKind.Compound => text.T("小区", "Compound"),
        PlaceKind.Building => text.T("楼栋", "Building"),
        _ => text.T("单元", "Unit"),
    };
}
