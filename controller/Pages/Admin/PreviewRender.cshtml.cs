using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Preview;
using SignageKiosk.Shared.Board;

namespace SignageKiosk.Controller.Pages.Admin;

/// <summary>The preview frame's content: the kiosk's board through the shared renderer.</summary>
public sealed class PreviewRenderModel(PreviewRenderer preview, TimeProvider time) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string kiosk, string? at, string? layout, CancellationToken cancellationToken)
    {
        try
        {
            var html = await preview.RenderAsync(User, kiosk, PreviewEndpoints.ParseInstant(at, time), layout, AccessibilitySettings.Default, cancellationToken);
            return Content(html, "text/html; charset=utf-8");
        }
        catch (ApiException e) when (e.Status == StatusCodes.Status403Forbidden)
        {
            return Forbid();
        }
        catch (ApiException e)
        {
            return StatusCode(e.Status, e.Message);
        }
    }
}
