using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Wishes;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Wishes;

namespace SignageKiosk.Controller.Pages.Wishes;

/// <summary>
/// The page a wish's QR code opens on a phone (/w/{id}): no sign-in, zh-CN, 360 px wide. It shows what the board shows
/// of the wish and takes a volunteer's name, phone and "I am a Party member"; that is a pending claim staff confirm or
/// turn down. Antiforgery like every form; limited per client address (WishStore); never cached.
/// </summary>
public sealed class ClaimModel(WishStore wishes) : PageModel
{
    public MicroWish? Wish { get; private set; }
    public List<ValidationError> Errors { get; } = [];
    public PublicClaimResult? Result { get; private set; }

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Phone { get; set; }
    [BindProperty] public bool Party { get; set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        Wish = await wishes.FindPublicAsync(id, cancellationToken);
        if (Wish is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        Wish = await wishes.FindPublicAsync(id, cancellationToken);
        if (Wish is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        Errors.AddRange(WishRules.ValidateClaim(Name, Phone));
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Result = await wishes.SubmitPublicAsync(id, Name!, Phone!, Party, SignInThrottle.AddressKey(HttpContext.Connection.RemoteIpAddress), cancellationToken);
        Response.StatusCode = Result switch
        {
            PublicClaimResult.NotFound => StatusCodes.Status404NotFound,
            PublicClaimResult.NotOpen => StatusCodes.Status409Conflict,
            PublicClaimResult.TooMany => StatusCodes.Status429TooManyRequests,
            _ => StatusCodes.Status200OK,
        };
        if (Result == PublicClaimResult.TooMany)
        {
            Response.Headers.RetryAfter = "3600";
        }
        return Page();
    }

    public string? ErrorFor(string field) => Errors.FirstOrDefault(e => e.Field == field)?.ChineseOrMessage;
}
