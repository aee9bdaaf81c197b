namespace SignageKiosk.Shared.Import;

/// <summary>A sheet to write: a title (the worksheet's name), the header row and the data rows.</summary>
public sealed record ExportSheet(string Title, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<SheetCell>> Rows);
