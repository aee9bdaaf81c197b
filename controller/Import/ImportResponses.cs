namespace SignageKiosk.Controller.Import;

/// <summary>One row of a preview: what the sheet said, by column, and what is wrong with it (empty when it can be written).</summary>
public sealed record ImportPreviewRow(int Row, IReadOnlyDictionary<string, string> Values, IReadOnlyList<string> Errors);

/// <summary>The answer to a preview: nothing has been written; the token confirms exactly these rows.</summary>
public sealed record ImportPreview(
    string Token, string Kind, string Target, IReadOnlyList<string> Columns, IReadOnlyList<string> IgnoredColumns,
    IReadOnlyList<ImportPreviewRow> Rows, int Valid, int Invalid, DateTimeOffset ExpiresAt);

/// <summary>What became of one row on confirmation: written, unchanged (already so), invalid, notAllowed or failed.</summary>
public sealed record ImportConfirmRow(int Row, string Status, IReadOnlyList<string> Errors);

/// <summary>
/// The answer to a confirmation. Written rows changed something; unchanged rows were already as the sheet
/// says; skipped rows were invalid or refused. Seq is the change-log head once the import is done.
/// </summary>
public sealed record ImportResult(int Written, int Unchanged, int Skipped, long Seq, IReadOnlyList<ImportConfirmRow> Rows);

public static class ImportRowStatus
{
    public const string Written = "written";
    public const string Unchanged = "unchanged";
    public const string Invalid = "invalid";
    public const string NotAllowed = "notAllowed";
    public const string Failed = "failed";
}
