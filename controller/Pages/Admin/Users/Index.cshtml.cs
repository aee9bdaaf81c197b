using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SignageKiosk.Controller.Api.Paging;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Places;
using SignageKiosk.Controller.Web;

namespace SignageKiosk.Controller.Pages.Admin.Users;

/// <summary>Administrators manage staff accounts; the rules are the users API's (UserAccounts).</summary>
public sealed class IndexModel(UserAccounts accounts, PlaceDirectory directory, UiText text) : PageModel
{
    [BindProperty] public string? NewUsername { get; set; }
    [BindProperty] public string? NewPassword { get; set; }
    [BindProperty] public StaffRole NewRole { get; set; } = StaffRole.CommunityStaff;
    [BindProperty] public string? NewScope { get; set; }
    [BindProperty] public StaffRole EditRole { get; set; }
    [BindProperty] public string? EditScope { get; set; }
    [BindProperty] public bool EditDisabled { get; set; }
    [BindProperty] public string? ResetTo { get; set; }

    public IReadOnlyList<UserStore.UserInfo> Users { get; private set; } = [];
    /// <summary>This page of the accounts and the search (decision 0036): 50 at a time, by user name.</summary>
    public ListQuery Query { get; private set; } = ListQuery.First();
    public long Total { get; private set; }
    /// <summary>Each listed account's scope as a path in words ("城南区 / 幸福路街道 / 幸福里社区").</summary>
    public Dictionary<string, string> ScopePaths { get; private set; } = new(StringComparer.Ordinal);

    /// <summary>The place kinds any role's scope may be (a community, a compound): what the scope pickers search.</summary>
    public static string ScopeKinds { get; } = string.Join(",", Enum.GetValues<StaffRole>().SelectMany(UserAccounts.ScopeKinds).Distinct().Order()
        .Select(k => k.ToString().ToLowerInvariant()));
    public string? Message { get; private set; }
    public bool Failed { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? done, [FromQuery(Name = "page")] int? page, string? q, CancellationToken cancellationToken)
    {
        if (User.StaffRole() != StaffRole.Admin)
        {
            return Forbid();
        }
        Message = done switch
        {
            "created" => text.T("账号已创建，对方首次登录时须修改密码。", "User created; they change the password at their first sign-in."),
            "updated" => text.T("已保存，该账号已在所有地方退出登录。", "Saved; the account is signed out everywhere."),
            "reset" => text.T("密码已重置，对方下次登录时须修改。", "Password reset; they change it at their next sign-in."),
            "deleted" => text.Deleted,
            _ => null,
        };
        Query = ListQuery.FromPage(page, q);
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (User.StaffRole() != StaffRole.Admin)
        {
            return Forbid();
        }
        try
        {
            await accounts.CreateAsync(User, HttpContext.Connection.RemoteIpAddress?.ToString(),
                new UserEndpoints.NewUser(NewUsername, NewPassword, NewRole, string.IsNullOrEmpty(NewScope) ? null : NewScope, MustChangePassword: true), cancellationToken);
            return Redirect("/admin/users?done=created");
        }
        catch (Api.ApiException e)
        {
            (Message, Failed) = (e.Message, true);
            await LoadAsync(cancellationToken);
            return Page();
        }
    }

    /// <summary>
    /// A scope picker's search without JavaScript (decision 0035): posted, not sent by GET, because the new-user form
    /// carries a password; the page comes back with what was typed and the matches.
    /// </summary>
    public async Task<IActionResult> OnPostFindAsync([FromQuery(Name = "page")] int? page, [FromQuery] string? q, CancellationToken cancellationToken)
    {
        if (User.StaffRole() != StaffRole.Admin)
        {
            return Forbid();
        }
        Query = ListQuery.FromPage(page, q);
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>Where a scope picker's search posts: this page of the list, so the row being edited stays in view.</summary>
    public string FindAction => Pager.With("/admin/users", [("handler", "Find"), ("q", Query.Search)], Query.PageNumber);

    /// <summary>Whether this request is a scope search from the edit form of account <paramref name="id"/>.</summary>
    public bool Finding(long id) =>
        HttpMethods.IsPost(Request.Method) && Request.HasFormContentType && Request.Form.ContainsKey(new PlacePicker("EditScope", "", null, Instance: id.ToString(System.Globalization.CultureInfo.InvariantCulture)).SearchField);

    public Task<IActionResult> OnPostUpdateAsync(long id, CancellationToken cancellationToken) =>
        ApplyAsync(() => accounts.UpdateAsync(User, HttpContext.Connection.RemoteIpAddress?.ToString(), id,
            new UserEndpoints.UserChange(EditRole, string.IsNullOrEmpty(EditScope) ? null : EditScope, EditDisabled), cancellationToken), "updated", cancellationToken);

    public Task<IActionResult> OnPostResetPasswordAsync(long id, CancellationToken cancellationToken) =>
        ApplyAsync(() => accounts.ResetPasswordAsync(User, HttpContext.Connection.RemoteIpAddress?.ToString(), id, ResetTo, cancellationToken), "reset", cancellationToken);

    private async Task<IActionResult> ApplyAsync(Func<Task<UserStore.UserInfo>> change, string done, CancellationToken cancellationToken)
    {
        if (User.StaffRole() != StaffRole.Admin)
        {
            return Forbid();
        }
        try
        {
            await change();
            return Redirect("/admin/users?done=" + done);
        }
        catch (Api.ApiException e)
        {
            (Message, Failed) = (e.Message, true);
            Response.StatusCode = e.Status;
            await LoadAsync(cancellationToken);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostDeleteAsync(long id, CancellationToken cancellationToken)
    {
        if (User.StaffRole() != StaffRole.Admin)
        {
            return Forbid();
        }
        await accounts.DeleteAsync(User, HttpContext.Connection.RemoteIpAddress?.ToString(), id, cancellationToken);
        return Redirect("/admin/users?done=deleted");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var listed = await accounts.ListAsync(Query, cancellationToken);
        (Users, Total) = (listed.Items, listed.Total);
        // One query for this page's scopes, not every place of the city.
        var paths = await directory.PathsAsync(User, [.. Users.Select(u => u.ScopePlaceId).OfType<string>().Distinct(StringComparer.Ordinal)], cancellationToken);
        ScopePaths = paths.ToDictionary(p => p.Key, p => string.Join(" / ", p.Value), StringComparer.Ordinal);
    }
}
