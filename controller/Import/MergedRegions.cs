using ExcelDataReader;

namespace SignageKiosk.Controller.Import;

/// <summary>
/// Merged cells as staff see them: a spreadsheet keeps a merged region's value only in its top-left cell,
/// but a building column merged down over that building's rows means every one of those rows is in that
/// building. So the value fills every cell of the region, in the region's first row and in every later row
/// of it that has content of its own (a blank separator row under a merge stays blank).
/// </summary>
public sealed class MergedRegions
{
    private readonly Dictionary<int, List<Region>> _byFirstRow = [];
    private readonly List<Region> _active = [];
    private int _filled;

    private sealed class Region(int fromRow, int toRow, int fromColumn, int toColumn)
    {
        public int FromRow => fromRow;
        public int ToRow => toRow;
        public int FromColumn => fromColumn;
        public int ToColumn => toColumn;
        public string Value { get; set; } = "";
    }

    public MergedRegions(IReadOnlyList<CellRange>? ranges)
    {
        if (ranges is null)
        {
            return;
        }
        if (ranges.Count > ImportLimits.MaxMergedRegions)
        {
            throw SheetFileRefusals.TooManyMerges();
        }
        foreach (var range in ranges)
        {
            // Columns past the last one read are ignored, as their cells are.
            var toColumn = Math.Min(range.ToColumn, ImportLimits.MaxColumns - 1);
            if (range.FromRow < 0 || range.FromColumn < 0 || range.ToRow < range.FromRow || toColumn < range.FromColumn)
            {
                continue;
            }
            if (!_byFirstRow.TryGetValue(range.FromRow, out var list))
            {
                _byFirstRow[range.FromRow] = list = [];
            }
            list.Add(new Region(range.FromRow, range.ToRow, range.FromColumn, toColumn));
        }
    }

    /// <summary>Fills the merged cells of one row (zero-based index), widening it when a region reaches further right.</summary>
    public string[] Fill(int rowIndex, string[] cells)
    {
        if (_byFirstRow.Count == 0 && _active.Count == 0)
        {
            return cells;
        }
        _active.RemoveAll(r => r.ToRow < rowIndex);
        var ownContent = cells.Any(c => !string.IsNullOrWhiteSpace(c));
        if (_byFirstRow.Remove(rowIndex, out var starting))
        {
            foreach (var region in starting)
            {
                region.Value = region.FromColumn < cells.Length ? cells[region.FromColumn] : "";
                if (region.Value.Length > 0)
                {
                    _active.Add(region);
                }
            }
        }
        if (_active.Count == 0)
        {
            return cells;
        }
        foreach (var region in _active)
        {
            if (region.FromRow != rowIndex && !ownContent)
            {
                continue;
            }
            if (cells.Length <= region.ToColumn)
            {
                Array.Resize(ref cells, region.ToColumn + 1);
                for (var i = 0; i < cells.Length; i++)
                {
                    cells[i] ??= "";
                }
            }
            for (var column = region.FromColumn; column <= region.ToColumn; column++)
            {
                if (column != region.FromColumn || region.FromRow != rowIndex)
                {
                    cells[column] = region.Value;
                    // Overlapping regions (which no editor writes) could otherwise multiply the work.
                    if (++_filled > ImportLimits.MaxCells)
                    {
                        throw ImportLimits.TooManyCells();
                    }
                }
            }
        }
        return cells;
    }
}
