using Microsoft.AspNetCore.Mvc;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Api.Paging;
using SignageKiosk.Controller.Content;
using SignageKiosk.Controller.Places;
using SignageKiosk.Controller.Print;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Web;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Media;
using SignageKiosk.Shared.Places;
using SignageKiosk.Shared.Roster;

namespace SignageKiosk.Controller.Pages.Admin.Roster;

/// <summary>
/// The building roster (楼栋公示) by building and unit: who is responsible, their Party membership and phone,
/// with one form that adds or changes an entry and the person on it.
/// </summary>
public sealed class IndexModel(ContentStore content, PlaceDirectory directory, StaffScope scope, RosterPrint print, UiText text) : ContentFormPage(content, text)
{
    private readonly ContentStore _content = content;
    private Dictionary<string, Person> _people = [];

    [BindProperty(SupportsGet = true)] public string? Building { get; set; }
    [BindProperty] public string? EntryId { get; set; }
    [BindProperty] public RosterRole Role { get; set; } = RosterRole.BuildingHead;
    [BindProperty] public string? UnitId { get; set; }
    /// <summary>Empty: a new person from the fields below.</summary>
    [BindProperty] public string? PersonId { get; set; }
    /// <summary>Whose details the fields were filled with; choosing someone else only relinks the entry.</summary>
    [BindProperty] public string? LoadedPersonId { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public PartyMembership Party { get; set; }
    [BindProperty] public string? Phone { get; set; }
    [BindProperty] public bool PhonePublic { get; set; }

    /// <summary>The chosen building's compound (or the chosen compound), when the caller may see it.</summary>
    public PlaceMatch? Compound { get; private set; }
    /// <summary>That compound's buildings (a compound has tens, never the area's thousands).</summary>
    public List<Place> Buildings { get; private set; } = [];
    public Place? Selected { get; private set; }
    public List<(string Heading, List<(RosterEntry Entry, Person? Person)> Entries)> Groups { get; private set; } = [];
    public List<Place> Units { get; private set; } = [];
    public List<Person> CompoundPeople { get; private set; } = [];
    public string? Message { get; private set; }

    public BoardText Words => BoardText.For(Text.English ? BoardLanguage.En : BoardLanguage.Zh);

    public async Task<IActionResult> OnGetAsync(string? edit, string? done, CancellationToken cancellationToken)
    {
        if (!MayEditRoster())
        {
            return Denied();
        }
        await LoadAsync(cancellationToken);
        Message = done switch
        {
            "saved" => Text.Saved,
            "deleted" => Text.Deleted,
            _ => null,
        };
        if (edit is not null && Groups.SelectMany(g => g.Entries).FirstOrDefault(e => e.Entry.Id == edit) is { } found)
        {
            (EntryId, Role, UnitId, PersonId, LoadedPersonId) = (found.Entry.Id, found.Entry.Role, found.Entry.UnitId, found.Entry.PersonId, found.Entry.PersonId);
            if (found.Person is { } person)
            {
                (Name, Party, Phone, PhonePublic) = (person.Name, person.Party, person.Phone, person.PhonePublic);
            }
        }
        return Page();
    }

    /// <summary>
    /// 打印: the building's roster as a PDF (or one page as PNG) for the lobby wall. Reading rules, not editing ones:
    /// anyone who may read the building's roster may print it (the same as GET /api/print/roster/{id}).
    /// </summary>
    public async Task<IActionResult> OnGetPrintAsync(string? format, [FromQuery(Name = "page")] int? page, CancellationToken cancellationToken)
    {
        try
        {
            var file = await print.RenderAsync(User, Building ?? "", format, page, cancellationToken);
            // Inline: the browser opens it, ready for its print dialog; the name is kept for saving.
            Response.Headers.ContentDisposition = new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue("inline") { FileNameStar = file.FileName }.ToString();
            return File(file.Bytes, file.ContentType);
        }
        catch (ApiException e)
        {
            return new ContentResult { StatusCode = e.Status, Content = e.Message, ContentType = "text/plain; charset=utf-8" };
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!MayEditRoster())
        {
            return Denied();
        }
        await LoadAsync(cancellationToken);
        if (Selected?.ParentId is not { } compoundId)
        {
            Errors["buildingId"] = Text.T("请选择楼栋", "Choose a building");
            return Page();
        }
        var existingEntry = Groups.SelectMany(g => g.Entries).Select(e => e.Entry).FirstOrDefault(e => e.Id == EntryId);
        if (!string.IsNullOrEmpty(EntryId) && existingEntry is null)
        {
            Errors[""] = Text.T("这条记录已不存在，请刷新页面", "That entry no longer exists; reload the page");
            return Page();
        }

        if (!string.IsNullOrEmpty(UnitId) && Units.All(u => u.Id != UnitId))
        {
            // Checked before anything is written, so a new person is not created for an entry that cannot be.
            Errors["unitId"] = Text.T("请选择这栋楼的单元", "Choose a unit of this building");
            return Page();
        }

        // Item-level rights (a property manager keeps only red stewards), also before anything is written.
        var role = User.StaffRole()!.Value;
        var proposed = new RosterEntry { Id = EntryId ?? "new", PersonId = PersonId ?? "new", BuildingId = Selected.Id, Role = Role, Target = ItemTarget.Place(compoundId) };
        if (!StaffPermissions.MayEditItem(role, proposed) || (existingEntry is not null && !StaffPermissions.MayEditItem(role, existingEntry)))
        {
            return Denied();
        }

        // The person first: a new one is created, the one whose details are in the fields is updated,
        // and someone else chosen from the list is only linked.
        var createdPersonId = (string?)null;
        string personId;
        if (string.IsNullOrEmpty(PersonId))
        {
            var person = FromFields("p-" + Guid.NewGuid().ToString("N")[..12], ItemTarget.Place(compoundId), photo: null);
            if (!await TrySaveAsync(ContentKind.Person, person, WriteMode.Create, cancellationToken))
            {
                return Page();
            }
            personId = createdPersonId = person.Id;
        }
        else if (!_people.TryGetValue(PersonId, out var existing))
        {
            Errors["personId"] = Text.T("所选人员不存在或不在您的管理范围内", "That person does not exist or is outside your area");
            return Page();
        }
        else
        {
            if (PersonId == LoadedPersonId
                && !await TrySaveAsync(ContentKind.Person, FromFields(existing.Id, existing.Target, existing.Photo), WriteMode.Replace, cancellationToken))
            {
                return Page();
            }
            personId = existing.Id;
        }

        var entry = new RosterEntry
        {
            Id = existingEntry?.Id ?? "r-" + Guid.NewGuid().ToString("N")[..12],
            PersonId = personId,
            Role = Role,
            BuildingId = Selected.Id,
            UnitId = string.IsNullOrEmpty(UnitId) ? null : UnitId,
            Households = existingEntry?.Households,
            Target = existingEntry?.Target ?? ItemTarget.Place(compoundId),
        };
        if (!await TrySaveAsync(ContentKind.RosterEntry, entry, existingEntry is null ? WriteMode.Create : WriteMode.Replace, cancellationToken))
        {
            if (createdPersonId is not null)
            {
                // Nobody should be left on the boards' people list without a place on the roster.
                await _content.DeleteAsync(ContentKind.Person, createdPersonId, User, cancellationToken);
                PersonId = null;
            }
            await LoadAsync(cancellationToken);
            return Page();
        }
        return Redirect($"/admin/roster?building={Uri.EscapeDataString(Selected.Id)}&done=saved");
    }

    public async Task<IActionResult> OnPostDeleteAsync(string id, CancellationToken cancellationToken)
    {
        if (!MayEditRoster())
        {
            return Denied();
        }
        try
        {
            await _content.DeleteAsync(ContentKind.RosterEntry, id, User, cancellationToken);
        }
        catch (ApiException e) when (e.Status == StatusCodes.Status403Forbidden)
        {
            return Denied();
        }
        catch (ApiException e) when (e.Status == StatusCodes.Status404NotFound)
        {
            // Already gone (another tab, another staff member): the list below says how things stand.
        }
        return Redirect($"/admin/roster?building={Uri.EscapeDataString(Building ?? "")}&done=deleted");
    }

    private bool MayEditRoster() => MayEdit(ContentKind.Person) && MayEdit(ContentKind.RosterEntry);

    private Person FromFields(string id, ItemTarget target, MediaRef? photo) => new()
    {
        Id = id,
        Name = Name?.Trim() ?? "",
        Party = Party,
        Phone = string.IsNullOrWhiteSpace(Phone) ? null : Phone.Trim(),
        PhonePublic = PhonePublic,
        Photo = photo,
        Target = target,
    };

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        // The building asked for (or a compound: its first building), else the caller's own or only compound's first.
        var chosen = await directory.FindAsync(User, Building, cancellationToken);
        if (chosen is null || chosen.Kind is not (PlaceKind.Building or PlaceKind.Compound))
        {
            chosen = await directory.FindAsync(User, await scope.DefaultTargetAsync(User, [PlaceKind.Compound], cancellationToken), cancellationToken);
        }
        if (chosen is { Kind: PlaceKind.Compound })
        {
            Compound = chosen;
        }
        else if (chosen is { Kind: PlaceKind.Building, ParentId: { } parentId })
        {
            // Null when the caller's area is the building itself: then it is the only button.
            Compound = await directory.FindAsync(User, parentId, cancellationToken) is { Kind: PlaceKind.Compound } parent ? parent : null;
        }
        Buildings = Compound is null ? [] : await ChildrenAsync(Compound.Id, PlaceKind.Building, cancellationToken);
        if (chosen is { Kind: PlaceKind.Building } && Buildings.All(b => b.Id != chosen.Id))
        {
            Buildings = [.. Buildings, new Place { Id = chosen.Id, Kind = chosen.Kind, Name = chosen.Name, ParentId = chosen.ParentId }];
        }
        Selected = chosen is { Kind: PlaceKind.Building } ? Buildings.First(b => b.Id == chosen.Id) : Buildings.FirstOrDefault();
        Building = Selected?.Id;
        if (Selected is null)
        {
            return;
        }

        // Only the selected building's compound: a city's people and roster entries are never read for one building.
        var compoundFilter = new ContentListFilter(Selected.ParentId ?? Selected.Id);
        _people = (await _content.ListAllAsync(ContentKind.Person, User, compoundFilter, cancellationToken)).Select(s => (Person)s.Item).ToDictionary(p => p.Id);
        CompoundPeople = _people.Values.Where(p => p.Target.PlaceId == Selected.ParentId).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        Units = await ChildrenAsync(Selected.Id, PlaceKind.Unit, cancellationToken);
        var unitOrder = Units.Select((u, i) => (u.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var entries = (await _content.ListAllAsync(ContentKind.RosterEntry, User, compoundFilter, cancellationToken)).Select(s => (RosterEntry)s.Item)
            .Where(e => e.BuildingId == Selected.Id).ToList();
        // A person aimed at the community (not the compound) may still be on this building's roster.
        foreach (var personId in entries.Select(e => e.PersonId).Where(id => !_people.ContainsKey(id)).Distinct().ToList())
        {
            if (await _content.GetAsync(ContentKind.Person, personId, User, cancellationToken) is { Item: Person person })
            {
                _people[person.Id] = person;
            }
        }
        // The whole building first, then 1单元, 2单元… as the board shows them.
        Groups = entries
            .GroupBy(e => e.UnitId ?? "")
            .OrderBy(g => g.Key.Length == 0 ? -1 : unitOrder.GetValueOrDefault(g.Key, int.MaxValue))
            .Select(g => (
                Heading: g.Key.Length == 0 ? Text.T("整栋", "Whole building") : Units.FirstOrDefault(u => u.Id == g.Key)?.Name ?? g.Key,
                Entries: g.OrderBy(e => e.Role).ThenBy(e => _people.GetValueOrDefault(e.PersonId)?.Name, StringComparer.Ordinal)
                    .Select(e => (e, _people.GetValueOrDefault(e.PersonId))).ToList()))
            .ToList();
    }

    /// <summary>One place's children of a kind, in the board's order (one page: a compound's buildings, a building's units).</summary>
    private async Task<List<Place>> ChildrenAsync(string parentId, PlaceKind kind, CancellationToken cancellationToken) =>
        [.. (await directory.ListAsync<Place>("places", User, ListQuery.First(ListQuery.MaxLimit), new StructureFilter([kind], parentId, null), cancellationToken)).Items
            .OrderBy(p => p.Order).ThenBy(p => p.Name, StringComparer.Ordinal)];

    public string PartyName(PartyMembership party) => party == PartyMembership.None ? Text.T("无", "None") : Words.Party(party);
}
