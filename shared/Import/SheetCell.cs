namespace SignageKiosk.Shared.Import;

/// <summary>One cell of an exported sheet: text, a number or a date and time (written as a real Excel date).</summary>
public readonly record struct SheetCell(string? Text, double? Number = null, DateTime? Moment = null)
{
    public static SheetCell Of(string? text) => new(text ?? "");
    public static SheetCell Of(int? number) => number is { } n ? new(null, n) : new("");
    public static SheetCell Of(DateTime moment) => new(null, null, moment);
}
