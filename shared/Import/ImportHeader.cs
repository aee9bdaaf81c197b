namespace SignageKiosk.Shared.Import;

/// <summary>
/// Where the header is and which column holds what. Staff sheets often start with a title row ("丹桂苑小区
/// 楼栋公示表") or a blank line, so the header is the first of the top rows that names every required column.
/// </summary>
public sealed record ImportHeader(int RowIndex, int RowNumber, IReadOnlyDictionary<ImportColumn, int> Columns, IReadOnlyList<string> Ignored)
{
    /// <summary>How many non-blank rows from the top may come before the header.</summary>
    public const int SearchRows = 10;

    public static ImportHeader Find(ImportLayout layout, IReadOnlyList<SheetRow> rows)
    {
        ImportHeader? best = null;
        var searched = 0;
        for (var index = 0; index < rows.Count && searched < SearchRows; index++)
        {
            var row = rows[index];
            if (row.IsBlank)
            {
                continue;
            }
            searched++;
            var columns = new Dictionary<ImportColumn, int>();
            var ignored = new List<string>();
            for (var cell = 0; cell < row.Cells.Count; cell++)
            {
                var text = ImportText.Clean(row.Cells[cell]);
                if (text.Length == 0)
                {
                    continue;
                }
                var column = layout.Columns.FirstOrDefault(c => c.Matches(text));
                if (column is null)
                {
                    ignored.Add(text);
                }
                else if (columns.TryGetValue(column, out var first))
                {
                    throw new ImportFileException($"第{row.Number}行的表头里“{column.Header}”出现了两次（第{ColumnName(first)}列和第{ColumnName(cell)}列），请只留一列");
                }
                else
                {
                    columns[column] = cell;
                }
            }
            var candidate = new ImportHeader(index, row.Number, columns, ignored);
            if (layout.Columns.Where(c => c.Required).All(columns.ContainsKey))
            {
                return candidate;
            }
            if (best is null || columns.Count > best.Columns.Count)
            {
                best = candidate;
            }
        }
        if (searched == 0)
        {
            throw new ImportFileException("文件里没有内容");
        }
        if (best is null || best.Columns.Count == 0)
        {
            throw new ImportFileException($"没有找到表头：第一行应是列名：{string.Join("、", layout.Headers)}");
        }
        var missing = layout.Columns.Where(c => c.Required && !best.Columns.ContainsKey(c)).Select(c => c.Header);
        throw new ImportFileException($"第{best.RowNumber}行的表头缺少必填的列：{string.Join("、", missing)}（全部列：{string.Join("、", layout.Headers)}）");
    }

    /// <summary>A zero-based column index as the spreadsheet letters it (0 → A, 27 → AB).</summary>
    public static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + (n - 1) % 26) + name;
        }
        return name;
    }
}
