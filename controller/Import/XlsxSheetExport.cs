using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using SignageKiosk.Shared.Import;

namespace SignageKiosk.Controller.Import;

/// <summary>
/// Writes one sheet as an .xlsx through the Open XML SDK: shared strings, a bold frozen header row, columns
/// as wide as their content, text-formatted cells (so a phone number stays text when edited in Excel) and
/// real date cells.
/// </summary>
public static class XlsxSheetExport
{
    // Indexes into the cell formats of Styles() below.
    private const uint HeaderStyle = 1;
    private const uint DateTimeStyle = 2;
    private const uint TextStyle = 3;

    public static byte[] Write(ExportSheet sheet)
    {
        using var memory = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(memory, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
            var strings = new SharedStrings();
            var data = new SheetData();
            data.Append(Row(1, sheet.Headers.Select(SheetCell.Of).ToList(), strings, HeaderStyle));
            for (var index = 0; index < sheet.Rows.Count; index++)
            {
                data.Append(Row((uint)index + 2, sheet.Rows[index], strings, TextStyle));
            }
            var columns = new Columns();
            for (var column = 0; column < sheet.Headers.Count; column++)
            {
                columns.Append(new Column { Min = (uint)column + 1, Max = (uint)column + 1, Width = Width(sheet, column), CustomWidth = true });
            }
            var worksheetPart = workbookPart.AddNewPart<WorksheetPart>();
            worksheetPart.Worksheet = new Worksheet(
                // The header stays in view while scrolling through a long roster.
                new SheetViews(new SheetView(new Pane
                {
                    VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen,
                })
                { WorkbookViewId = 0 }),
                columns,
                data);
            workbookPart.AddNewPart<SharedStringTablePart>().SharedStringTable = strings.Table;
            workbookPart.Workbook = new Workbook(new Sheets(new Sheet { Name = SheetName(sheet.Title), SheetId = 1, Id = workbookPart.GetIdOfPart(worksheetPart) }));
        }
        return memory.ToArray();
    }

    private sealed class SharedStrings
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

        public SharedStringTable Table { get; } = new();

        public int Share(string text)
        {
            if (!_index.TryGetValue(text, out var index))
            {
                index = _index.Count;
                _index[text] = index;
                Table.Append(new SharedStringItem(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
            }
            return index;
        }
    }

    private static Row Row(uint number, IReadOnlyList<SheetCell> cells, SharedStrings strings, uint textStyle)
    {
        var row = new Row { RowIndex = number };
        for (var column = 0; column < cells.Count; column++)
        {
            var cell = cells[column];
            var reference = ImportHeader.ColumnName(column) + number.ToString(CultureInfo.InvariantCulture);
            if (cell.Moment is { } moment)
            {
                row.Append(new Cell { CellReference = reference, StyleIndex = DateTimeStyle, CellValue = new CellValue(moment.ToOADate()) });
            }
            else if (cell.Number is { } value)
            {
                row.Append(new Cell { CellReference = reference, CellValue = new CellValue(value) });
            }
            else if (!string.IsNullOrEmpty(cell.Text))
            {
                row.Append(new Cell
                {
                    CellReference = reference, StyleIndex = textStyle, DataType = CellValues.SharedString,
                    CellValue = new CellValue(strings.Share(XmlSafe(cell.Text))),
                });
            }
        }
        return row;
    }

    /// <summary>Column width in characters; a Chinese character is about two.</summary>
    private static double Width(ExportSheet sheet, int column)
    {
        static int Measure(SheetCell cell) => cell.Moment is not null ? 17
            : (cell.Text ?? cell.Number?.ToString(CultureInfo.InvariantCulture) ?? "").Sum(c => c > 0x2E80 ? 2 : 1);
        var widest = sheet.Rows.Select(r => column < r.Count ? Measure(r[column]) : 0).Append(Measure(SheetCell.Of(sheet.Headers[column]))).Max();
        return Math.Clamp(widest + 2, 8, 50);
    }

    /// <summary>Excel's rules for sheet names: at most 31 characters, none of []:*?/\.</summary>
    private static string SheetName(string title)
    {
        var name = new string(title.Where(c => c is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\')).ToArray()).Trim('\'');
        return name.Length == 0 ? "Sheet1" : name[..Math.Min(name.Length, 31)];
    }

    /// <summary>XML 1.0 cannot carry most control characters; they have no place in a roster anyway.</summary>
    private static string XmlSafe(string text) =>
        text.Any(c => c < 0x20 && c is not ('\t' or '\n' or '\r')) ? new string(text.Where(c => c >= 0x20 || c is '\t' or '\n' or '\r').ToArray()) : text;

    private static Stylesheet Styles()
    {
        static Font Font(bool bold)
        {
            var font = new Font();
            if (bold)
            {
                font.Append(new Bold());
            }
            font.Append(new FontSize { Val = 11 }, new FontName { Val = "等线" }, new FontFamilyNumbering { Val = 2 }, new FontCharSet { Val = 134 });
            return font;
        }
        return new Stylesheet(
            new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "yyyy-mm-dd hh:mm" }) { Count = 1 },
            new Fonts(Font(false), Font(true)) { Count = 2 },
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
            new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
            new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
            new CellFormats(
                new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 },
                // Text format (@) for the header and the text cells; bold for the header.
                new CellFormat { NumberFormatId = 49, FontId = 1, FillId = 0, BorderId = 0, FormatId = 0, ApplyFont = true, ApplyNumberFormat = true },
                new CellFormat { NumberFormatId = 164, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true },
                new CellFormat { NumberFormatId = 49, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true })
            { Count = 4 },
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
    }
}
