using SignageKiosk.Shared.Import;

namespace SignageKiosk.Controller.Import;

/// <summary>
/// Takes the rows a reader reads and stops it early: at most <see cref="ImportLimits.MaxSheetRows"/> rows with
/// content, <see cref="ImportLimits.MaxCells"/> filled cells and <see cref="ImportLimits.MaxTotalCharacters"/>
/// characters, no cell longer than <see cref="ImportLimits.MaxCellCharacters"/>; a run of
/// <see cref="ImportLimits.BlankRowsEndingSheet"/> blank rows ends the sheet; cancellation is checked on every row.
/// Blank rows are not kept: the rows' own numbers say where they were, which is all the mapper needs.
/// </summary>
public sealed class SheetBudget(CancellationToken cancellationToken)
{
    private readonly List<SheetRow> _rows = [];
    private int _blankRun;
    private int _cells;
    private long _characters;

    public IReadOnlyList<SheetRow> Rows => _rows;

    /// <summary>Checks one cell's text before it is kept; number is the row's, column zero-based.</summary>
    public void CheckCell(int number, int column, string text)
    {
        if (text.Length > ImportLimits.MaxCellCharacters)
        {
            throw SheetFileRefusals.CellTooLong(number, column);
        }
    }

    /// <summary>Takes a row; false once the sheet has ended (a long run of blank rows).</summary>
    public bool Add(int number, IReadOnlyList<string> cells)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var filled = 0;
        long characters = 0;
        for (var column = 0; column < cells.Count; column++)
        {
            var text = cells[column];
            if (!string.IsNullOrWhiteSpace(text))
            {
                CheckCell(number, column, text);
                filled++;
                characters += text.Length;
            }
        }
        if (filled == 0)
        {
            return ++_blankRun < ImportLimits.BlankRowsEndingSheet;
        }
        _blankRun = 0;
        _cells += filled;
        _characters += characters;
        if (_cells > ImportLimits.MaxCells || _characters > ImportLimits.MaxTotalCharacters)
        {
            throw ImportLimits.TooManyCells();
        }
        if (_rows.Count >= ImportLimits.MaxSheetRows)
        {
            throw ImportLimits.TooManyRows();
        }
        _rows.Add(new SheetRow(number, cells.Count > ImportLimits.MaxColumns ? cells.Take(ImportLimits.MaxColumns).ToArray() : cells));
        return true;
    }
}
