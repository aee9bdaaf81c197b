namespace SignageKiosk.Controller.Import;

/// <summary>
/// How much one import may hold, and how long a preview waits for its confirmation. A spreadsheet is a
/// compressed package: its size on the wire says little about what it unpacks to, so every budget is on
/// what comes out (bytes unpacked, rows, cells, characters), checked as it is read.
/// </summary>
public static class ImportLimits
{
    public const long MaxFileBytes = 5 * 1024 * 1024;
    public const int MaxDataRows = 5_000;

    /// <summary>Unpacked size of one part of an .xlsx (a worksheet of 5,000 rows of 30 columns is about 10 MB).</summary>
    public const long MaxUnpackedPartBytes = 32 * 1024 * 1024;

    /// <summary>Unpacked size of the whole .xlsx.</summary>
    public const long MaxUnpackedTotalBytes = 64 * 1024 * 1024;

    /// <summary>
    /// Unpacked size of the shared strings, which the reader holds in memory whole: 5,000 rows of distinct
    /// names, phones and remarks are well under 2 MB, and a 30 MB string is refused before it is read.
    /// </summary>
    public const long MaxSharedStringsBytes = 8 * 1024 * 1024;

    /// <summary>Characters in one shared string: Excel's own limit for a cell.</summary>
    public const int MaxSharedStringCharacters = 32_767;

    /// <summary>Parts in one .xlsx: a workbook with a few sheets, styles and pictures has dozens.</summary>
    public const int MaxPackageEntries = 1_000;

    /// <summary>Cells beyond this column are ignored: the layouts have eight columns, and "XFD1" must not allocate 16,384.</summary>
    public const int MaxColumns = 100;

    /// <summary>Rows with content a reader takes before giving up: the data rows plus a title and the header above them.</summary>
    public const int MaxSheetRows = MaxDataRows + Shared.Import.ImportHeader.SearchRows;

    /// <summary>Filled cells (merged regions count every cell they fill).</summary>
    public const int MaxCells = 300_000;

    /// <summary>Characters in one cell: a name, a phone or a remark, never a page of text.</summary>
    public const int MaxCellCharacters = 2_000;

    /// <summary>Characters in all cells together.</summary>
    public const long MaxTotalCharacters = 4_000_000;

    /// <summary>Merged regions in one sheet: a roster merges its title and its building column, a few hundred at most.</summary>
    public const int MaxMergedRegions = 10_000;

    /// <summary>
    /// This many blank rows in a row end the sheet: formatting dragged down a whole column leaves a million
    /// empty rows behind the data, and reading on would cost time for nothing.
    /// </summary>
    public const int BlankRowsEndingSheet = 1_000;

    public static Api.ApiException TooManyRows() =>
        new(StatusCodes.Status413PayloadTooLarge, $"一次最多导入 {MaxDataRows} 行，请把文件分成几份");

    public static Api.ApiException TooLarge() =>
        new(StatusCodes.Status413PayloadTooLarge, $"文件不能超过 {MaxFileBytes / 1024 / 1024} MB");

    public static Api.ApiException UnpacksTooLarge() =>
        new(StatusCodes.Status413PayloadTooLarge, $"文件解压后超过 {MaxUnpackedTotalBytes / 1024 / 1024} MB（可能是压缩炸弹），不能导入");

    public static Api.ApiException TooManyCells() =>
        new(StatusCodes.Status413PayloadTooLarge, $"表格内容太多（超过 {MaxCells} 个单元格或 {MaxTotalCharacters} 个字），请把文件分成几份");

    public static readonly TimeSpan PendingLifetime = TimeSpan.FromMinutes(30);
    public const int MaxPending = 100;
    public const int MaxPendingPerUser = 5;
}
