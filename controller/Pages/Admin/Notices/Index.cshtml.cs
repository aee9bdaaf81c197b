using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Content;
using SignageKiosk.Controller.Places;
using SignageKiosk.Controller.Web;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Notices;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Controller.Pages.Admin.Notices;

public sealed class IndexModel(ContentStore content, StructureStore structure, UiText text, TimeProvider time) : PageModel
{
    private readonly StationClock _clock = new(null);
    private Dictionary<string, Place> _places = [];

    public List<Notice> Notices { get; private set; } = [];
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken cancellationToken)
    {
        if (!StaffPermissions.MayEdit(User.StaffRole()!.Value, ContentKind.Notice))
        {
            return Forbid();
        }
        Message = done switch
        {
            "saved" => text.Saved,
            "deleted" => text.Deleted,
            "submitted" => text.Submitted,
            _ => null,
        };
        _places = (await structure.ListAsync<Place>("places", cancellationToken)).ToDictionary(p => p.Id);
        Notices = (await content.ListAsync(ContentKind.Notice, User, cancellationToken)).Select(s => (Notice)s.Item)
            .OrderByDescending(n => n.Priority).ThenByDescending(n => n.ValidFrom).ToList();
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await content.DeleteAsync(ContentKind.Notice, id, User, cancellationToken);
        }
        catch (ApiException e) when (e.Status == StatusCodes.Status403Forbidden)
        {
            return Forbid();
        }
        return Redirect("/admin/notices?done=deleted");
    }

    public string StateOf(Notice notice)
    {
        var now = time.GetUtcNow();
        return notice.ValidTo <= now ? "expired" : notice.ValidFrom > now ? "upcoming" : "showing";
    }

    public string Local(DateTimeOffset? instant) =>
        instant is { } value ? _clock.ToLocal(value).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "—";

    public string TargetName(Notice notice) =>
        notice.Target.PlaceId is { } placeId && _places.TryGetValue(placeId, out var place) ? place.Name : notice.Target.ToString();
}
