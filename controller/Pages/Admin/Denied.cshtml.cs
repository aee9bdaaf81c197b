using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SignageKiosk.Controller.Pages.Admin;

/// <summary>Shown when a signed-in staff member tries something their role may not do; answers 403.</summary>
public sealed class DeniedModel : PageModel
{
    public void OnGet() => Response.StatusCode = StatusCodes.Status403Forbidden;
}
