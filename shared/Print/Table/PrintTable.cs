namespace SignageKiosk.Shared.Print.Table;

/// <summary>
/// One printed table sheet (楼栋公示, 值班表, 包栋联户 overview): a title, a few lines under it, a table whose
/// columns come from the layout (<see cref="PrintLayout.Columns"/>, cells looked up by column key) and a footer.
/// </summary>
public sealed record PrintTable
{
    public required string Title { get; init; }
    /// <summary>Muted lines under the title; '\n' starts a new one.</summary>
    public string? Subtitle { get; init; }
    /// <summary>Left of the page number at the foot of every page.</summary>
    public string? Footer { get; init; }
    /// <summary>Shown under the header when there are no rows.</summary>
    public required string EmptyText { get; init; }
    /// <summary>
    /// The column whose value is written only where it changes and again at the top of every page (单元, 日期),
    /// with a stronger rule above a new value.
    /// </summary>
    public string? GroupColumn { get; init; }
    public required IReadOnlyList<PrintRow> Rows { get; init; }
}

/// <summary>A table row: cells by column key; a column with no cell stays empty.</summary>
public sealed record PrintRow(IReadOnlyDictionary<string, PrintCell> Cells);

/// <summary>A cell's text ('\n' starts a new line), drawn bold or muted, with a Party badge before it.</summary>
public sealed record PrintCell(string Text, bool Bold = false, bool Muted = false, bool Badge = false);
