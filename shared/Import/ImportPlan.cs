namespace SignageKiosk.Shared.Import;

/// <summary>
/// A sheet mapped onto records, before anything is written: every data row with its records or its errors.
/// Only valid rows are ever written.
/// </summary>
public sealed record ImportPlan(string Kind, string TargetPlaceId, IReadOnlyList<string> Columns, IReadOnlyList<string> IgnoredColumns, IReadOnlyList<ImportPlanRow> Rows)
{
    public int Valid => Rows.Count(r => r.IsValid);
    public int Invalid => Rows.Count(r => !r.IsValid);
}
