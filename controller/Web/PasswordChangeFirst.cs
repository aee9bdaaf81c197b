using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using SignageKiosk.Controller.Auth;

namespace SignageKiosk.Controller.Web;

/// <summary>
/// A staff member whose password was set by someone else sees only the change-password page (and may sign out)
/// until they have chosen their own: every other staff page, read or form, redirects there.
/// </summary>
public sealed class PasswordChangeFirst : IAsyncPageFilter
{
    private static readonly HashSet<string> Open = new(StringComparer.OrdinalIgnoreCase)
    {
        "/Admin/Password", "/Admin/Login", "/Admin/Logout", "/Admin/Denied",
    };

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.HttpContext.User.MustChangePassword() && !Open.Contains(context.ActionDescriptor.ViewEnginePath))
        {
            var back = context.HttpContext.Request.Path + context.HttpContext.Request.QueryString;
            context.Result = new RedirectResult("/admin/password?returnUrl=" + Uri.EscapeDataString(back));
            return;
        }
        await next();
    }
}
