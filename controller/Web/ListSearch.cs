namespace SignageKiosk.Controller.Web;

/// <summary>The search box above a staff list: what was typed, the filters to keep, and where "clear" goes.</summary>
public sealed record ListSearch(string? Query, string Placeholder, string ClearLink, IReadOnlyList<(string Name, string? Value)> Keep);
