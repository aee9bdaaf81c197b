using CsvHelper;
using SignageKiosk.Controller.Api;
using SignageKiosk.Shared.Import;

namespace SignageKiosk.Controller.Import;

/// <summary>
/// Reads a CSV (or tab-separated) file into rows. Row numbers count records, as Excel shows them, so a
/// quoted cell spanning two lines is still one row.
/// </summary>
public static class CsvSheetReader
{
    public static IReadOnlyList<SheetRow> Read(ReadOnlySpan<byte> bytes, string? declaredCharset, CancellationToken cancellationToken)
    {
        var (text, _) = TextDecoding.Decode(bytes, declaredCharset);
        var options = CsvReaderOptions.Default with
        {
            HasHeader = false,
            // Blank lines are kept so that numbering matches the spreadsheet; the mapper skips them.
            SkipEmptyLines = false,
            // A stray quote inside a cell is taken as typed, not a reason to refuse the whole file.
            MalformedData = CsvMalformedDataHandling.Recover,
            TrimWhitespace = false,
            // Values (names, phone numbers) stay out of exception messages and so out of the logs.
            IncludeValuesInExceptions = false,
        };
        var budget = new SheetBudget(cancellationToken);
        var number = 0;
        try
        {
            // The separator (comma, semicolon, tab, or Excel's "sep=" line) is detected from the first lines.
            using var reader = CsvReader.FromText(text, options);
            while (reader.Read())
            {
                number++;
                var cells = reader.Current.ToArray();
                if (!budget.Add(number, cells.Length > ImportLimits.MaxColumns ? cells[..ImportLimits.MaxColumns] : cells))
                {
                    break;
                }
            }
        }
        catch (CsvFormatException e)
        {
            throw ApiException.BadRequest($"CSV 文件第{number + 1}行无法读取：{e.Message}");
        }
        return budget.Rows;
    }
}
