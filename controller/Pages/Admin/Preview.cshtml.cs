using System.Globalization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Places;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Controller.Pages.Admin;

/// <summary>Choose a kiosk and a time; the frame shows that kiosk's board as it will look then.</summary>
public sealed class PreviewModel(StructureStore structure, KioskDirectory directory, TimeProvider time) : PageModel
{
    public List<Kiosk> Kiosks { get; private set; } = [];
    public string? Kiosk { get; private set; }
    public string? At { get; private set; }

    public async Task OnGetAsync(string? kiosk, string? at, CancellationToken cancellationToken)
    {
        var role = User.StaffRole()!.Value;
        foreach (var candidate in await structure.ListAsync<Kiosk>("kiosks", cancellationToken))
        {
            if (await directory.PlacementAsync(candidate.Id, cancellationToken) is { } placement && StaffPermissions.InScope(role, User.ScopePlaceId(), placement.Chain))
            {
                Kiosks.Add(candidate);
            }
        }
        Kiosk = kiosk is not null && Kiosks.Any(k => k.Id == kiosk) ? kiosk : Kiosks.FirstOrDefault()?.Id;
        At = at ?? new StationClock(null).ToLocal(time.GetUtcNow()).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
    }
}
