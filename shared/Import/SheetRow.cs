namespace SignageKiosk.Shared.Import;

/// <summary>
/// One row as read from a CSV file or a worksheet: its number as the spreadsheet shows it (1-based, so an
/// error can say "第5行" and staff find that row) and its cells as text, left to right.
/// </summary>
public sealed record SheetRow(int Number, IReadOnlyList<string> Cells)
{
    public bool IsBlank => Cells.All(string.IsNullOrWhiteSpace);

    public string Cell(int index) => index >= 0 && index < Cells.Count ? Cells[index] : "";
}
