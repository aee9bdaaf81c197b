using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Broadcasts;
using SignageKiosk.Controller.Content;
using SignageKiosk.Controller.Places;
using SignageKiosk.Controller.Web;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Broadcasts;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Controller.Pages.Admin.Broadcasts;

/// <summary>
/// 紧急通知: send a broadcast to a building, a compound, a community or everything; clear it early; and watch,
/// live, which targeted kiosks have displayed it and which have not.
/// </summary>
public sealed class IndexModel(ContentStore content, PlaceDirectory directory, BroadcastDisplays displays, StaffScope scope, UiText text, TimeProvider time)
    : ContentFormPage(content, text)
{
    /// <summary>Choices for how long a broadcast stays up; staff can clear it sooner.</summary>
    public static readonly int[] DurationMinutes = [30, 60, 120, 240, 480, 1440];

    private readonly ContentStore _content = content;
    private Dictionary<string, string> _placeNames = new(StringComparer.Ordinal);

    /// <summary>
    /// What a broadcast may be sent to: any level down to a building. The top of the tree (the city) is "every screen"
    /// for an administrator; anyone else's search stays within their area anyway.
    /// </summary>
    public const string TargetKinds = "city,district,street,community,compound,building";

    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Body { get; set; }
    [BindProperty] public string? TargetPlaceId { get; set; }
    [BindProperty] public int Minutes { get; set; } = 120;

    public List<BroadcastStatus> Broadcasts { get; private set; } = [];
    public BroadcastStatus? Selected { get; private set; }
    public string? Message { get; private set; }
    public StationClock Clock { get; } = new(null);

    public async Task<IActionResult> OnGetAsync(string? id, string? done, CancellationToken cancellationToken)
    {
        if (!MayEdit(ContentKind.EmergencyBroadcast))
        {
            return Denied();
        }
        Message = done switch
        {
            "sent" => Text.T("紧急通知已发出", "Broadcast sent"),
            "cleared" => Text.T("紧急通知已解除，屏幕恢复原来的内容", "Broadcast cleared; the boards are back to what they showed"),
            _ => DoneMessage(done),
        };
        await LoadAsync(id, cancellationToken);
        return Page();
    }

    /// <summary>The live "displayed / not yet" list, polled by the page every two seconds.</summary>
    public async Task<IActionResult> OnGetStatusAsync(string id, CancellationToken cancellationToken)
    {
        if (!MayEdit(ContentKind.EmergencyBroadcast))
        {
            return Denied();
        }
        return await displays.StatusAsync(id, User, cancellationToken) is { } status
            ? new JsonResult(new
            {
                live = status.Live,
                displayed = status.Displayed,
                total = status.Total,
                kiosks = status.Kiosks.Select(k => new { k.Id, k.Name, k.StationName, k.Connected, displayedAt = Local(k.DisplayedAt) }),
            })
            : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!MayEdit(ContentKind.EmergencyBroadcast))
        {
            return Denied();
        }
        if (!DurationMinutes.Contains(Minutes))
        {
            Errors["endsAt"] = Text.T("请选择持续时间", "Choose how long it stays up");
        }
        var now = time.GetUtcNow();
        var broadcast = new EmergencyBroadcast
        {
            Id = "broadcast-" + now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6],
            Title = Title?.Trim() ?? "",
            Body = Body?.Trim() ?? "",
            StartsAt = now,
            EndsAt = now.AddMinutes(Minutes),
            Target = ItemTarget.Place(TargetPlaceId ?? ""),
        };
        if (await TrySaveAsync(ContentKind.EmergencyBroadcast, broadcast, WriteMode.Create, cancellationToken))
        {
            return Redirect("/admin/broadcasts?done=sent&id=" + Uri.EscapeDataString(broadcast.Id));
        }
        await LoadAsync(null, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostClearAsync(string id, CancellationToken cancellationToken)
    {
        if (!MayEdit(ContentKind.EmergencyBroadcast))
        {
            return Denied();
        }
        return await displays.ClearAsync(id, User, cancellationToken) is null
            ? NotFound()
            : Redirect("/admin/broadcasts?done=cleared&id=" + Uri.EscapeDataString(id));
    }

    private async Task LoadAsync(string? id, CancellationToken cancellationToken)
    {
        // The picker starts on the one community (or the property manager's compound) when there is just one; at
        // city scale the person searches (decision 0035).
        TargetPlaceId ??= await scope.DefaultTargetAsync(User, [PlaceKind.Community, PlaceKind.Compound, PlaceKind.Building], cancellationToken);
        var stored = (await _content.ListAsync(ContentKind.EmergencyBroadcast, User, cancellationToken)).Select(s => (EmergencyBroadcast)s.Item)
            .OrderByDescending(b => b.StartsAt).Take(20).ToList();
        foreach (var broadcast in stored)
        {
            if (await displays.StatusAsync(broadcast.Id, User, cancellationToken) is { } status)
            {
                Broadcasts.Add(status);
            }
        }
        Selected = Broadcasts.FirstOrDefault(b => b.Broadcast.Id == id) ?? Broadcasts.FirstOrDefault(b => b.Live);
        // The names of the places these broadcasts went to, in one query.
        var chains = await directory.ChainsAsync([.. Broadcasts.Select(b => b.Broadcast.Target.PlaceId).OfType<string>().Distinct(StringComparer.Ordinal)], cancellationToken);
        _placeNames = chains.Where(c => c.Value.Count > 0).ToDictionary(c => c.Key, c => c.Value[^1].Name, StringComparer.Ordinal);
    }

    public string PlaceName(string? id) => id is not null && _placeNames.TryGetValue(id, out var name) ? name : id ?? "";

    public string Local(DateTimeOffset? instant) =>
        instant is { } value ? Clock.ToLocal(value).ToString("MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "";

    public string DurationText(int minutes) => minutes < 60
        ? Text.T($"{minutes} 分钟", $"{minutes} minutes")
        : Text.T($"{minutes / 60} 小时", $"{minutes / 60} hours");
}
