using Microsoft.AspNetCore.Mvc;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Api.Paging;
using SignageKiosk.Controller.Content;
using SignageKiosk.Controller.Places;
using SignageKiosk.Controller.Web;
using SignageKiosk.Controller.Wishes;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Places;
using SignageKiosk.Shared.Roster;
using SignageKiosk.Shared.Wishes;

namespace SignageKiosk.Controller.Pages.Admin.Wishes;

/// <summary>
/// 微心愿: post a wish for a resident (who it is for stays in a note only staff see), claim it for someone on the roster
/// or a volunteer, confirm or turn down claims from the phone page, mark it fulfilled, withdraw it. Administrators and
/// community staff, in their area; anything outside it is "not found".
/// </summary>
public sealed class IndexModel(ContentStore content, WishStore wishes, StructureStore structure, StaffScope scope, UiText text) : ContentFormPage(content, text)
{
    private readonly ContentStore _content = content;
    private Dictionary<string, string> _places = [];

    [BindProperty] public string? Id { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Details { get; set; }
    [BindProperty] public WishCategory Category { get; set; } = WishCategory.Groceries;
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public string? TargetPlaceId { get; set; }

    /// <summary>all, open, claimed, fulfilled, or pending (wishes with claims waiting for staff).</summary>
    [BindProperty(SupportsGet = true)] public string? State { get; set; }
    [BindProperty(SupportsGet = true)] public string? Edit { get; set; }

    public List<MicroWish> Wishes { get; private set; } = [];
    /// <summary>50 wishes a page in the board's order, searched by title, details, who claimed it or id, in SQL.</summary>
    public ContentListView List { get; private set; } = ContentListView.For("/admin/wishes", null, null, null);
    public Dictionary<string, string> Notes { get; private set; } = [];
    public ILookup<string, WishClaim> Claims { get; private set; } = Array.Empty<WishClaim>().ToLookup(c => c.WishId);
    /// <summary>The wish whose "claim for someone on the roster" search ran (?claimFor=), its words (?person=) and the people found.</summary>
    public string? ClaimFor { get; private set; }
    public string? PersonTerm { get; private set; }
    public List<Person> People { get; private set; } = [];
    public string? PersonSearchError { get; private set; }
    /// <summary>How many wishes in the area have a claim waiting (the "待确认认领" filter's count).</summary>
    public long PendingCount { get; private set; }
    /// <summary>What the place picker offers for where a wish shows.</summary>
    public static readonly PlaceKind[] TargetKinds = [PlaceKind.Community, PlaceKind.Compound, PlaceKind.Building];
    public string? Message { get; private set; }
    /// <summary>The wish whose claim form failed, so its error shows there.</summary>
    public string? ClaimErrorFor { get; private set; }

    public static readonly string[] Filters = ["all", "pending", "open", "claimed", "fulfilled"];

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken cancellationToken)
    {
        if (!MayEdit(ContentKind.MicroWish))
        {
            return Denied();
        }
        Message = done switch
        {
            "confirmed" => Text.T("已确认认领，屏幕上显示为已认领", "Claim confirmed; boards show the wish as claimed"),
            "rejected" => Text.T("已婉拒这条认领", "Claim turned down"),
            "fulfilled" => Text.T("已标记为已实现", "Marked as fulfilled"),
            "withdrawn" => Text.T("已撤下这个心愿", "Wish withdrawn"),
            "claimed" => Text.T("已代为认领", "Claimed"),
            _ => DoneMessage(done),
        };
        if (Edit is { } editId)
        {
            // The wish to edit need not be on the list's page: read it alone (out of area: not found).
            if (await wishes.GetAsync(editId, User, cancellationToken) is not { } wish)
            {
                return NotFound();
            }
            Id = wish.Id;
            Title = wish.Title;
            Details = wish.Details;
            Category = wish.Category;
            Note = (await wishes.NotesAsync([wish.Id], cancellationToken)).GetValueOrDefault(wish.Id);
            TargetPlaceId = wish.Target.PlaceId;
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!MayEdit(ContentKind.MicroWish))
        {
            return Denied();
        }
        var isNew = string.IsNullOrEmpty(Id);
        if (ModelState[nameof(Category)]?.Errors.Count > 0)
        {
            // Not a category of ours: said, not silently taken as the default.
            Errors["category"] = Text.T("请选择心愿类别", "Choose a category");
        }
        MicroWish wish;
        if (isNew)
        {
            wish = new MicroWish
            {
                Id = "wish-" + Guid.NewGuid().ToString("N")[..12],
                Title = Title?.Trim() ?? "",
                Details = Blank(Details),
                Category = Category,
                PostedOn = wishes.Today(),
                Target = ItemTarget.Place(TargetPlaceId ?? ""),
            };
        }
        else
        {
            // An edit changes the words and where it shows, never its state or claimant (those have their own buttons).
            var existing = await wishes.GetAsync(Id!, User, cancellationToken);
            if (existing is null)
            {
                return NotFound();
            }
            wish = existing with { Title = Title?.Trim() ?? "", Details = Blank(Details), Category = Category, Target = ItemTarget.Place(TargetPlaceId ?? "") };
        }
        if (StaffText.CleanOrNull(Note)?.Trim() is { Length: > WishStore.MaxNote })
        {
            Errors["note"] = Text.T($"最多 {WishStore.MaxNote} 个字", $"At most {WishStore.MaxNote} characters");
        }
        foreach (var error in ContentValidator.Validate(wish))
        {
            Errors.TryAdd(FieldKey(error.Field), Text.English ? error.Message : error.ChineseOrMessage);
        }
        if (Errors.Count == 0 && await TryAsync(() => wishes.SaveAsync(wish, Note, isNew ? WriteMode.Create : WriteMode.Replace, User, cancellationToken)))
        {
            return Redirect("/admin/wishes?done=saved");
        }
        Edit = isNew ? null : Id;
        return await ErrorPageAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostConfirmAsync(long claimId, bool partyConfirmed, CancellationToken cancellationToken) =>
        await ActAsync(() => wishes.ConfirmAsync(claimId, partyConfirmed, User, cancellationToken), "confirmed", cancellationToken);

    public async Task<IActionResult> OnPostRejectAsync(long claimId, CancellationToken cancellationToken) =>
        await ActAsync(async () => { await wishes.RejectAsync(claimId, User, cancellationToken); return 0; }, "rejected", cancellationToken);

    public async Task<IActionResult> OnPostFulfilAsync(string id, CancellationToken cancellationToken) =>
        await ActAsync(() => wishes.FulfilAsync(id, User, cancellationToken), "fulfilled", cancellationToken);

    public async Task<IActionResult> OnPostWithdrawAsync(string id, CancellationToken cancellationToken) =>
        await ActAsync(() => wishes.WithdrawAsync(id, User, cancellationToken), "withdrawn", cancellationToken);

    public async Task<IActionResult> OnPostClaimForAsync(string id, string? personId, string? claimName, bool claimParty, CancellationToken cancellationToken)
    {
        ClaimErrorFor = id;
        return await ActAsync(() => wishes.ClaimForAsync(id, personId, claimName, claimParty, User, cancellationToken), "claimed", cancellationToken);
    }

    /// <summary>One button's work: denied, not found (outside the area is the same), or said next to the wish.</summary>
    private async Task<IActionResult> ActAsync(Func<Task<long>> work, string done, CancellationToken cancellationToken)
    {
        if (!MayEdit(ContentKind.MicroWish))
        {
            return Denied();
        }
        try
        {
            await work();
        }
        catch (ApiException e) when (e.Status == StatusCodes.Status404NotFound)
        {
            return NotFound();
        }
        catch (ApiException e) when (e.Status == StatusCodes.Status403Forbidden)
        {
            return Denied();
        }
        catch (ApiException e)
        {
            Errors[e.Field ?? ""] = Chinese(e.Message);
            return await ErrorPageAsync(cancellationToken);
        }
        return Redirect($"/admin/wishes?done={done}" + (State is { Length: > 0 } state && Filters.Contains(state) ? "&state=" + state : ""));
    }

    private async Task<bool> TryAsync(Func<Task<long>> work)
    {
        try
        {
            await work();
            return true;
        }
        catch (ApiException e) when (e.Status == StatusCodes.Status403Forbidden)
        {
            Errors[""] = Text.Denied;
        }
        catch (ApiException e)
        {
            Errors[e.Field?.Split('.')[0] ?? ""] = e.Field?.StartsWith("target", StringComparison.Ordinal) == true
                ? Text.T("这个位置不存在或不在您的管理范围内", "That place does not exist or is outside your area")
                : Chinese(e.Message);
        }
        return false;
    }

    /// <summary>The form again with its problems, answered 400 so that no client takes it for a success.</summary>
    private async Task<IActionResult> ErrorPageAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>The store's messages are "中文 (English)": the part in the staff member's language.</summary>
    private string Chinese(string message)
    {
        var open = message.IndexOf(" (", StringComparison.Ordinal);
        return open < 0 || !message.EndsWith(')') ? message : Text.English ? message[(open + 2)..^1] : message[..open];
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        State = Filters.Contains(State) ? State : "all";
        var state = State == "all" ? null : State;
        // One page in SQL (the board's order; ?q= searches, ?placeId= narrows), named from its own rows' places.
        List = ContentListView.FromRequest("/admin/wishes", Request, ("state", state));
        var rows = await List.LoadAsync(_content, structure, ContentKind.MicroWish, User, cancellationToken, new ContentListFilter(List.PlaceId, State: state));
        _places = ContentListView.PlaceNames(rows);
        Wishes = rows.Select(s => (MicroWish)s.Item).ToList();
        var ids = Wishes.Select(w => w.Id).ToList();
        Notes = await wishes.NotesAsync(ids, cancellationToken);
        Claims = (await wishes.ClaimsAsync(ids, cancellationToken)).ToLookup(c => c.WishId);
        PendingCount = (await _content.PageAsync(ContentKind.MicroWish, User, ListQuery.First(1), new ContentListFilter(State: "pending"), cancellationToken)).Total;
        await FindPeopleAsync(cancellationToken);
        if (string.IsNullOrEmpty(TargetPlaceId))
        {
            TargetPlaceId = await scope.DefaultTargetAsync(User, [PlaceKind.Compound], cancellationToken) ?? await scope.DefaultTargetAsync(User, TargetKinds, cancellationToken);
        }
    }

    /// <summary>
    /// "Claim for someone on the roster": the people of the area whose name (or public number) has the words, 20 at
    /// most, for the one wish whose search ran, in place of a list of everybody.
    /// </summary>
    private async Task FindPeopleAsync(CancellationToken cancellationToken)
    {
        ClaimFor = Request.Query["claimFor"].ToString() is { Length: > 0 } claimFor ? claimFor : null;
        PersonTerm = Request.Query["person"].ToString();
        if (ClaimFor is null || string.IsNullOrWhiteSpace(PersonTerm))
        {
            return;
        }
        try
        {
            var found = await _content.PageAsync(ContentKind.Person, User, ListQuery.FromApi(20, null, PersonTerm), ContentListFilter.None, cancellationToken, ContentStore.ListOrder.Display);
            People = [.. found.Items.Select(s => (Person)s.Item).OrderBy(p => p.Party == PartyMembership.None).ThenBy(p => p.Name, StringComparer.Ordinal)];
        }
        catch (ApiException e) when (e.Status == StatusCodes.Status400BadRequest)
        {
            PersonSearchError = Chinese(e.Message);
        }
    }

    public long Count(string filter) => filter == "pending" ? PendingCount : 0;

    public string PlaceName(string? id) => id is not null && _places.TryGetValue(id, out var name) ? name : id ?? "";

    public string FilterName(string filter) => filter switch
    {
        "pending" => Text.T("待确认认领", "Claims to confirm"),
        "open" => Text.T("待认领", "Open"),
        "claimed" => Text.T("已认领", "Claimed"),
        "fulfilled" => Text.T("已实现", "Fulfilled"),
        _ => Text.T("全部", "All"),
    };

    public string ClaimStateName(string state) => state switch
    {
        WishClaim.Pending => Text.T("待确认", "Waiting"),
        WishClaim.Confirmed => Text.T("已确认", "Confirmed"),
        WishClaim.Rejected => Text.T("已婉拒", "Turned down"),
        _ => Text.T("他人已认领", "Someone else was confirmed"),
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
