namespace SignageKiosk.Shared.Import;

/// <summary>
/// One column of an import layout: the header as staff write it, the other headers taken to mean the same,
/// and the record fields it fills (so a validator error on a field is reported against this column).
/// </summary>
public sealed record ImportColumn(string Header, bool Required, IReadOnlyList<string> Synonyms, IReadOnlyList<string> Fields)
{
    /// <summary>True when a header cell, however it was typed, names this column.</summary>
    public bool Matches(string headerCell)
    {
        var key = ImportText.HeaderKey(headerCell);
        return key.Length > 0 && (key == ImportText.HeaderKey(Header) || Synonyms.Any(s => ImportText.HeaderKey(s) == key));
    }
}
