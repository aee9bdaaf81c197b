using ExcelDataReader;
using ExcelDataReader.Exceptions;
using SignageKiosk.Controller.Api;
using SignageKiosk.Shared.Import;

namespace SignageKiosk.Controller.Import;

/// <summary>
/// Reads the first visible worksheet of an .xlsx or an old binary .xls (ExcelDataReader) into rows of text,
/// with merged regions filled. An .xlsx package is inspected first (<see cref="XlsxPackageGuard"/>); both
/// kinds are then read row by row within a <see cref="SheetBudget"/>. A password-protected workbook is an
/// encrypted compound file, refused as such, never decrypted.
/// </summary>
public static class WorkbookSheetReader
{
    static WorkbookSheetReader() => TextDecoding.EnsureCodePages();

    public static IReadOnlyList<SheetRow> Read(byte[] bytes, CancellationToken cancellationToken)
    {
        if (SheetFormats.IsZip(bytes))
        {
            XlsxPackageGuard.Check(bytes, cancellationToken);
        }
        else if (SheetFormats.IsEncryptedPackage(bytes))
        {
            throw SheetFileRefusals.Encrypted();
        }
        else if (!SheetFormats.HasWorkbookStream(bytes))
        {
            // A compound file without a workbook: a Word .doc, an Outlook message.
            throw SheetFileRefusals.NotSpreadsheet();
        }
        using var stream = new MemoryStream(bytes, writable: false);
        try
        {
            using var reader = ExcelReaderFactory.CreateReader(stream, new ExcelReaderConfiguration { LeaveOpen = true });
            SelectFirstVisibleSheet(reader);
            var budget = new SheetBudget(cancellationToken);
            var merges = new MergedRegions(reader.MergeCells);
            var index = -1;
            while (reader.Read())
            {
                index++;
                var number = index + 1;
                var cells = new string[Math.Min(reader.FieldCount, ImportLimits.MaxColumns)];
                for (var column = 0; column < cells.Length; column++)
                {
                    var value = reader.GetValue(column);
                    cells[column] = value is null ? "" : SheetCellText.Of(value, reader.GetNumberFormatIndex(column), reader.GetNumberFormatString(column));
                    budget.CheckCell(number, column, cells[column]);
                }
                if (!budget.Add(number, merges.Fill(index, cells)))
                {
                    break;
                }
            }
            return budget.Rows;
        }
        catch (InvalidPasswordException)
        {
            throw SheetFileRefusals.Encrypted();
        }
        catch (Exception e) when (e is not (ApiException or OperationCanceledException or OutOfMemoryException))
        {
            // Whatever a malformed file makes the reader throw (HeaderException, XmlException, an index out
            // of range in a truncated record), the answer to staff is the same.
            throw SheetFileRefusals.Damaged();
        }
    }

    /// <summary>The first sheet not hidden, as Excel opens the workbook; the first of all when every sheet is hidden.</summary>
    private static void SelectFirstVisibleSheet(IExcelDataReader reader)
    {
        do
        {
            if (reader.VisibleState is null || string.Equals(reader.VisibleState, "visible", StringComparison.OrdinalIgnoreCase))
            {
                return;
            }
        }
        while (reader.NextResult());
        reader.Reset();
    }
}
