using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SignageKiosk.Controller.Api.Paging;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Web;
using SignageKiosk.Shared.Board;

namespace SignageKiosk.Controller.Pages.Admin.Audit;

/// <summary>Who changed what, when and from where, with before and after; administrators only.</summary>
public sealed class IndexModel(Controller.Audit.AuditLog audit, UiText text) : PageModel
{
    private static readonly StationClock Clock = new(null);

    public string? Kind { get; private set; }
    public string? ItemId { get; private set; }
    public string? Actor { get; private set; }
    public string? From { get; private set; }
    public string? To { get; private set; }
    public IReadOnlyList<Controller.Audit.AuditEntry> Entries { get; private set; } = [];
    /// <summary>This page and the search (decision 0036): 50 entries at a time; the search finds an actor or an item id.</summary>
    public ListQuery Query { get; private set; } = ListQuery.First();
    public long Total { get; private set; }

    /// <summary>The filters a search or another page keeps.</summary>
    public IReadOnlyList<(string Name, string? Value)> Filters => [("kind", Kind), ("itemId", ItemId), ("actor", Actor), ("from", From), ("to", To)];

    public async Task<IActionResult> OnGetAsync(string? kind, string? itemId, string? actor, string? from, string? to, [FromQuery(Name = "page")] int? page, string? q, CancellationToken cancellationToken)
    {
        if (User.StaffRole() != StaffRole.Admin)
        {
            return Forbid();
        }
        (Kind, ItemId, Actor, From, To) = (Blank(kind), Blank(itemId), Blank(actor), Blank(from), Blank(to));
        Query = ListQuery.FromPage(page, q);
        var listed = await audit.QueryAsync(new Controller.Audit.AuditLog.Filter(Kind, ItemId, Actor, Instant(From), Instant(To)), Query, cancellationToken);
        (Entries, Total) = (listed.Items, listed.Total);
        return Page();
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static DateTimeOffset? Instant(string? local) =>
        DateTime.TryParse(local, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value) ? Clock.ToInstant(value) : null;

    public string Local(DateTimeOffset instant) => Clock.ToLocal(instant).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public string ActionName(string action) => action switch
    {
        "create" => text.T("新建", "created"),
        "update" => text.T("修改", "changed"),
        "delete" => text.T("删除", "deleted"),
        "reset-password" => text.T("重置密码", "password reset"),
        "change-password" => text.T("修改密码", "password changed"),
        _ => action,
    };

    public string Short(JsonElement? value)
    {
        if (value is null)
        {
            return "—";
        }
        var json = value.Value.GetRawText();
        return json.Length > 160 ? json[..160] + "…" : json;
    }
}
