using Microsoft.AspNetCore.Mvc.RazorPages;
using SignageKiosk.Controller.Sync;

namespace SignageKiosk.Controller.Pages.Admin;

public sealed class IndexModel(ChangeLog changes, KioskSessions sessions) : PageModel
{
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    public long Head { get; private set; }
    public int Connected { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Head = await changes.HeadAsync(cancellationToken);
        Connected = sessions.Count;
    }
}
