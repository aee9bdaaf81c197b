namespace SignageKiosk.Shared.Import;

/// <summary>
/// One column of an import layout: the header as staff write it, the other headers taken to mean the same,
/// and the record fields it fills (so a validator error on a field is reported against this column). A column
/// that is read but not exported refines another one (党员类别 refines 政治面貌) and is left out of exports.
/// </summary>
public sealed record ImportColumn(string Header, bool Required, IReadOnlyList<string> Synonyms, IReadOnlyList<string> Fields, bool Exported = true)
{
    /// <summary>True when a header cell, however it was typed, names this column.</summary>
    public bool Matches(string headerCell)
    {
        var key = ImportText.HeaderKey(headerCell);
        return key.Length > 0 && (key == ImportText.HeaderKey(Header) || Synonyms.Any(s => ImportText.HeaderKey(s) == key));
    }
}
