namespace SignageKiosk.Shared.Import;

/// <summary>The columns of one import kind, in the order an export writes them.</summary>
public sealed record ImportLayout(string Kind, string Title, IReadOnlyList<ImportColumn> Columns)
{
    /// <summary>The columns an export writes and an error message lists; extra columns that only refine another are read too.</summary>
    public IEnumerable<string> Headers => Columns.Where(c => c.Exported).Select(c => c.Header);

    /// <summary>The column a record field comes from, so a validator error can name what staff typed.</summary>
    public ImportColumn? ColumnForField(string field) => Columns.FirstOrDefault(c => c.Fields.Contains(field, StringComparer.Ordinal));
}
