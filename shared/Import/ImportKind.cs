using SignageKiosk.Shared.Content;

namespace SignageKiosk.Shared.Import;

/// <summary>What a spreadsheet can import, by the name used in the URL (/api/import/{kind}/preview).</summary>
public static class ImportKind
{
    /// <summary>楼栋公示: one row per responsibility; writes the person and the roster entry.</summary>
    public const string Roster = ContentKind.RosterEntry;
    public const string People = ContentKind.Person;
    public const string DutyShifts = ContentKind.DutyShift;

    public static readonly IReadOnlyList<string> All = [Roster, People, DutyShifts];

    public static bool IsKnown(string? kind) => kind is not null && All.Contains(kind, StringComparer.Ordinal);
}
