using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Content;
using SignageKiosk.Shared.Content;

namespace SignageKiosk.Controller.Web;

/// <summary>
/// What every content form shares: the REST API's rules, said in the staff member's language next to the
/// field, and a save that goes through the same store (so role and scope hold on every route).
/// </summary>
public abstract class ContentFormPage(ContentStore content, UiText text) : PageModel
{
    public Dictionary<string, string> Errors { get; } = new(StringComparer.OrdinalIgnoreCase);

    protected UiText Text => text;

    public string? ErrorFor(string field) => Errors.GetValueOrDefault(field);

    /// <summary>Validates and saves; false (with <see cref="Errors"/> filled) when the staff member must correct something.</summary>
    protected async Task<bool> TrySaveAsync(string kind, ContentItem item, WriteMode mode, CancellationToken cancellationToken)
    {
        foreach (var error in ContentValidator.Validate(item))
        {
            Errors.TryAdd(FieldKey(error.Field), text.English ? error.Message : error.ChineseOrMessage);
        }
        if (Errors.Count > 0)
        {
            return false;
        }
        try
        {
            await content.UpsertAsync(kind, item, mode, User, cancellationToken);
            return true;
        }
        catch (ApiException e) when (e.Status == StatusCodes.Status403Forbidden)
        {
            Errors[""] = text.Denied;
            return false;
        }
        catch (ApiException e)
        {
            Errors[e.Field?.Split('.')[0] ?? ""] = e.Field?.StartsWith("target", StringComparison.Ordinal) == true
                ? text.T("这个位置不存在或不在您的管理范围内", "That place does not exist or is outside your area")
                : e.Message;
            return false;
        }
    }

    /// <summary>Which part of the form shows the problem with an API field ("recurrence.interval" → "recurrence").</summary>
    protected virtual string FieldKey(string field) => field.Split('.')[0];

    /// <summary>Deletes through the store (the API's rights); a refusal is the 403 page, an item already gone is no error.</summary>
    protected async Task<IActionResult> DeleteThenRedirectAsync(string kind, string id, string redirect, CancellationToken cancellationToken)
    {
        // Rights first: "already gone" must not tell a role that may not delete this kind that it succeeded.
        if (!MayEdit(kind))
        {
            return Denied();
        }
        try
        {
            await content.DeleteAsync(kind, id, User, cancellationToken);
        }
        catch (ApiException e) when (e.Status == StatusCodes.Status403Forbidden)
        {
            return Denied();
        }
        catch (ApiException e) when (e.Status == StatusCodes.Status404NotFound)
        {
            // Deleted meanwhile (another tab, another staff member): the list shows how things stand.
        }
        return Redirect(redirect);
    }

    /// <summary>The banner after a redirect: "saved" and "deleted" say the same on every page.</summary>
    protected string? DoneMessage(string? done) => done switch
    {
        "saved" => text.Saved,
        "deleted" => text.Deleted,
        _ => null,
    };

    protected bool MayEdit(string kind) => User.StaffRole() is { } role && StaffPermissions.MayEdit(role, kind);

    protected IActionResult Denied() => Forbid();
}
