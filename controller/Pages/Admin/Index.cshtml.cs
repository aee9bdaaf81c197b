using Microsoft.AspNetCore.Mvc.RazorPages;
using SignageKiosk.Controller.Sync;
using SignageKiosk.Controller.Web;

namespace SignageKiosk.Controller.Pages.Admin;

/// <summary>
/// The home page, own area first (decision 0036): the caller's area named as a path in words with its places and
/// screens, then shortcuts to the tasks this role may do. An administrator's area is the whole city.
/// </summary>
public sealed class IndexModel(ChangeLog changes, StaffArea area) : PageModel
{
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    public long Head { get; private set; }
    public StaffArea.Summary Area { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Head = await changes.HeadAsync(cancellationToken);
        Area = await area.OfAsync(User, cancellationToken);
    }
}
