using SignageKiosk.Shared.Content;

namespace SignageKiosk.Controller.Content;

/// <summary>
/// The SQL pieces that differ per content kind when a list is searched, filtered by date and ordered: which payload
/// fields hold the text people search for, which dates a <c>from</c>/<c>to</c> range is compared with, and the order
/// the staff page shows. Items live as JSON payloads (table <c>items</c>, alias <c>i</c>), so these read them with
/// json_extract. Parameters: <c>@q</c> (a LIKE pattern, escape <c>\</c>), <c>@phones</c> (1 when the caller may read
/// private numbers), <c>@fromDate</c>/<c>@toDate</c> (local dates yyyy-MM-dd) and <c>@fromAt</c>/<c>@toAt</c> (UTC
/// instants in the round-trip format; <c>@toAt</c> is the start of the day after <c>to</c>).
/// </summary>
public static class ContentListSql
{
    /// <summary>What the OpenAPI description says the date range means, per kind.</summary>
    public static string DateRangeMeaning(string kind) => kind switch
    {
        ContentKind.Notice => "notices shown on any day in the range (validFrom/validTo)",
        ContentKind.EmergencyBroadcast => "broadcasts live on any day in the range (startsAt/endsAt)",
        ContentKind.Activity => "activities that start by `to` and still occur on or after `from` (their repeat `until`, or the end of a one-off)",
        ContentKind.DutyShift => "shifts that overlap the range (start/end)",
        ContentKind.Holiday => "holidays whose date is in the range",
        ContentKind.MicroWish => "wishes posted in the range (postedOn)",
        _ => "items last changed in the range (updatedAt)",
    };

    /// <summary>The search condition: the id, or any of the kind's human text fields, contains the term.</summary>
    public static string Search(string kind)
    {
        var fields = kind switch
        {
            ContentKind.Person => ["name"],
            ContentKind.RosterEntry => ["personId", "buildingId", "unitId"],
            ContentKind.Activity => ["title", "room", "organiser", "description"],
            ContentKind.Hotline => ["name", "number", "hours"],
            ContentKind.DutyShift => ["personName", "role", "location", "phone"],
            ContentKind.Notice => ["title", "body"],
            ContentKind.EmergencySupply => ["category", "item", "location", "keyHolder"],
            ContentKind.EmergencyBroadcast => ["title", "body"],
            ContentKind.Holiday => ["name", "date"],
            ContentKind.MicroWish => ["title", "details", "claimedBy"],
            _ => Array.Empty<string>(),
        };
        var terms = new List<string> { @"lower(i.id) LIKE lower(@q) ESCAPE '\'" };
        terms.AddRange(fields.Select(f => $@"lower(json_extract(i.payload, '$.{f}')) LIKE lower(@q) ESCAPE '\'"));
        switch (kind)
        {
            case ContentKind.Person:
                // A private number is searched only by those who may read it: the list must not confirm its digits.
                terms.Add(@"((@phones = 1 OR CAST(json_extract(i.payload, '$.phonePublic') AS TEXT) IN ('1', 'true')) AND lower(json_extract(i.payload, '$.phone')) LIKE lower(@q) ESCAPE '\')");
                break;
            case ContentKind.RosterEntry:
                // Staff look a roster entry up by the person's name.
                terms.Add(@"json_extract(i.payload, '$.personId') IN (SELECT p.id FROM items p WHERE p.kind = 'people' AND lower(json_extract(p.payload, '$.name')) LIKE lower(@q) ESCAPE '\')");
                break;
        }
        return "(" + string.Join(" OR ", terms) + ")";
    }

    /// <summary>The date-range conditions for the bounds given.</summary>
    public static IEnumerable<string> DateRange(string kind, bool from, bool to)
    {
        switch (kind)
        {
            case ContentKind.Notice:
                return Window("validFrom", "validTo", from, to, openEnded: true);
            case ContentKind.EmergencyBroadcast:
                return Window("startsAt", "endsAt", from, to, openEnded: false);
            case ContentKind.Activity:
                return Local(
                    "substr(json_extract(i.payload, '$.start'), 1, 10)",
                    """
                    CASE WHEN coalesce(json_extract(i.payload, '$.recurrence.frequency'), 'none') = 'none'
                         THEN substr(json_extract(i.payload, '$.end'), 1, 10)
                         ELSE coalesce(json_extract(i.payload, '$.recurrence.until'), '9999-12-31') END
                    """, from, to);
            case ContentKind.DutyShift:
                return Local("substr(json_extract(i.payload, '$.start'), 1, 10)", "substr(json_extract(i.payload, '$.end'), 1, 10)", from, to);
            case ContentKind.Holiday:
                return Local("json_extract(i.payload, '$.date')", "json_extract(i.payload, '$.date')", from, to);
            case ContentKind.MicroWish:
                return Local("json_extract(i.payload, '$.postedOn')", "json_extract(i.payload, '$.postedOn')", from, to);
            default:
                // updated_at is always written in the round-trip UTC format, so text order is time order (and the index serves it).
                var conditions = new List<string>();
                if (from)
                {
                    conditions.Add("i.updated_at >= @fromAt");
                }
                if (to)
                {
                    conditions.Add("i.updated_at < @toAt");
                }
                return conditions;
        }
    }

    /// <summary>
    /// The state condition (parameter <c>@state</c>), or null when the kind has no such state. Wishes: open, claimed,
    /// fulfilled, or pending (a claim from the phone page waits for staff; the claims index serves the lookup).
    /// </summary>
    public static string? State(string kind, string state) => (kind, state) switch
    {
        (ContentKind.MicroWish, "open" or "claimed" or "fulfilled") => "coalesce(json_extract(i.payload, '$.state'), 'open') = @state",
        (ContentKind.MicroWish, "pending") => "EXISTS (SELECT 1 FROM wish_claims c WHERE c.wish_id = i.id AND c.state = 'pending')",
        _ => null,
    };

    /// <summary>The order each staff page shows (ties broken by id, so pages never overlap).</summary>
    public static string DisplayOrder(string kind) => kind switch
    {
        ContentKind.Notice => """
            CASE json_extract(i.payload, '$.priority') WHEN 'urgent' THEN 2 WHEN 'pinned' THEN 1 ELSE 0 END DESC,
            julianday(json_extract(i.payload, '$.validFrom')) DESC NULLS LAST, i.id
            """,
        ContentKind.Activity => "json_extract(i.payload, '$.start'), json_extract(i.payload, '$.title'), i.id",
        ContentKind.Hotline => "CAST(json_extract(i.payload, '$.order') AS INTEGER), json_extract(i.payload, '$.name'), i.id",
        ContentKind.DutyShift => "json_extract(i.payload, '$.start'), i.id",
        ContentKind.EmergencySupply => "json_extract(i.payload, '$.category'), json_extract(i.payload, '$.item'), i.id",
        ContentKind.Holiday => "json_extract(i.payload, '$.date'), json_extract(i.payload, '$.name'), i.id",
        // The board's order: open, claimed, fulfilled, each newest first (by the date it reached that state).
        ContentKind.MicroWish => """
            CASE coalesce(json_extract(i.payload, '$.state'), 'open') WHEN 'open' THEN 0 WHEN 'claimed' THEN 1 ELSE 2 END,
            CASE coalesce(json_extract(i.payload, '$.state'), 'open')
                WHEN 'claimed' THEN coalesce(json_extract(i.payload, '$.claimedOn'), json_extract(i.payload, '$.postedOn'))
                WHEN 'fulfilled' THEN coalesce(json_extract(i.payload, '$.fulfilledOn'), json_extract(i.payload, '$.postedOn'))
                ELSE json_extract(i.payload, '$.postedOn') END DESC, i.id
            """,
        ContentKind.Person => "json_extract(i.payload, '$.name'), i.id",
        ContentKind.EmergencyBroadcast => "julianday(json_extract(i.payload, '$.startsAt')) DESC, i.id",
        _ => "i.id",
    };

    /// <summary>An instant window overlapping [from, to+1): julianday reads the stored offsets.</summary>
    private static List<string> Window(string start, string end, bool from, bool to, bool openEnded)
    {
        var conditions = new List<string>();
        var startExpr = $"julianday(json_extract(i.payload, '$.{start}'))";
        var endExpr = $"julianday(json_extract(i.payload, '$.{end}'))";
        if (to)
        {
            conditions.Add(openEnded ? $"({startExpr} IS NULL OR {startExpr} < julianday(@toAt))" : $"{startExpr} < julianday(@toAt)");
        }
        if (from)
        {
            conditions.Add(openEnded ? $"({endExpr} IS NULL OR {endExpr} > julianday(@fromAt))" : $"{endExpr} > julianday(@fromAt)");
        }
        return conditions;
    }

    /// <summary>
    /// A local-date span [first, last] overlapping [from, to]. Shifts and activities keep local wall-clock times
    /// (yyyy-MM-ddTHH:mm:ss), so their first ten characters are the local date on both back ends (PostgreSQL's
    /// date() is a cast to its date type, which does not compare with text).
    /// </summary>
    private static List<string> Local(string first, string last, bool from, bool to)
    {
        var conditions = new List<string>();
        if (to)
        {
            conditions.Add($"{first} <= @toDate");
        }
        if (from)
        {
            conditions.Add($"({last}) >= @fromDate");
        }
        return conditions;
    }
}
