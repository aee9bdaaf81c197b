using SignageKiosk.Controller.Api;

namespace SignageKiosk.Controller.Import;

/// <summary>Why a file cannot be read as a spreadsheet at all, said to staff in Chinese with what to do instead.</summary>
public static class SheetFileRefusals
{
    public static ApiException NotSpreadsheet() => new(StatusCodes.Status415UnsupportedMediaType,
        "不是 Excel 或 CSV 文件：请上传 .xlsx、.xls 或 .csv（在 Excel 或 WPS 里“另存为”可选这几种）");

    public static ApiException Encrypted() => ApiException.BadRequest("文件已加密，请取消密码后再导入");

    public static ApiException Damaged() => ApiException.BadRequest("Excel 文件已损坏，无法读取；请在 Excel 或 WPS 里打开，另存为 .xlsx 后再导入");

    public static ApiException HasDtd() => ApiException.BadRequest("文件里含有文档类型声明（DTD），Excel 和 WPS 不会写这种内容，不能导入");

    public static ApiException TooManyParts() => new(StatusCodes.Status413PayloadTooLarge,
        $"文件里的部件超过 {ImportLimits.MaxPackageEntries} 个，不像一个表格，不能导入");

    public static ApiException TooMuchText() => new(StatusCodes.Status413PayloadTooLarge,
        $"文件里的文字解压后超过 {ImportLimits.MaxSharedStringsBytes / 1024 / 1024} MB，不能导入；请只留需要导入的表格");

    public static ApiException StringTooLong() => new(StatusCodes.Status413PayloadTooLarge,
        $"文件里有一段文字超过 {ImportLimits.MaxSharedStringCharacters} 个字，超出 Excel 单元格的上限，不是正常的表格，不能导入");

    public static ApiException CellTooLong(int row, int column) => new(StatusCodes.Status413PayloadTooLarge,
        $"第{row}行第{Shared.Import.ImportHeader.ColumnName(column)}列的内容超过 {ImportLimits.MaxCellCharacters} 个字，请删减后再导入");

    public static ApiException TooManyMerges() => new(StatusCodes.Status413PayloadTooLarge,
        $"工作表里的合并单元格超过 {ImportLimits.MaxMergedRegions} 处，不能导入");
}
