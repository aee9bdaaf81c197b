namespace SignageKiosk.Controller.Import;

/// <summary>How much one import may hold, and how long a preview waits for its confirmation.</summary>
public static class ImportLimits
{
    public const long MaxFileBytes = 5 * 1024 * 1024;
    public const int MaxDataRows = 5_000;

    /// <summary>Unpacked size of one part of an .xlsx; a few MB of zip cannot become gigabytes of XML.</summary>
    public const long MaxUnpackedPartBytes = 64 * 1024 * 1024;

    /// <summary>Cells beyond this column are ignored: the layouts have eight columns, and "XFD1" must not allocate 16,384.</summary>
    public const int MaxColumns = 100;

    /// <summary>Rows a reader takes before giving up: the data rows plus a title and the header above them.</summary>
    public const int MaxSheetRows = MaxDataRows + Shared.Import.ImportHeader.SearchRows;

    public static Api.ApiException TooManyRows() =>
        new(StatusCodes.Status413PayloadTooLarge, $"一次最多导入 {MaxDataRows} 行，请把文件分成几份");

    public static Api.ApiException TooLarge() =>
        new(StatusCodes.Status413PayloadTooLarge, $"文件不能超过 {MaxFileBytes / 1024 / 1024} MB");

    public static readonly TimeSpan PendingLifetime = TimeSpan.FromMinutes(30);
    public const int MaxPending = 100;
    public const int MaxPendingPerUser = 5;
}
