namespace SignageKiosk.Shared.Import;

/// <summary>
/// One data row of a sheet: what it said (by column header), and either the records it writes or, when
/// anything is wrong with it, the reasons, in Chinese and naming the row and column ("第5行：楼栋“9栋”不存在").
/// </summary>
public sealed record ImportPlanRow(int Row, IReadOnlyDictionary<string, string> Values, IReadOnlyList<string> Errors, IReadOnlyList<ImportRecord> Records)
{
    public bool IsValid => Errors.Count == 0;
}
