using System.Globalization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Places;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Controller.Pages.Admin;

/// <summary>Choose a kiosk and a time; the frame shows that kiosk's board as it will look then.</summary>
public sealed class PreviewModel(PlaceDirectory directory, TimeProvider time) : PageModel
{
    public string? Kiosk { get; private set; }
    public string? At { get; private set; }

    public async Task OnGetAsync(string? kiosk, string? at, CancellationToken cancellationToken)
    {
        // The screen asked for if it is in the caller's area, else their first one (the picker finds the others).
        Kiosk = (await directory.FindKioskAsync(User, kiosk, cancellationToken))?.Id
            ?? (await directory.ListAsync<Kiosk>("kiosks", User, Api.Paging.ListQuery.First(1), StructureFilter.None, cancellationToken)).Items.FirstOrDefault()?.Id;
        At = at ?? new StationClock(null).ToLocal(time.GetUtcNow()).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
    }
}
