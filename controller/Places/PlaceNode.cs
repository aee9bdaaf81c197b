using SignageKiosk.Shared.Places;

namespace SignageKiosk.Controller.Places;

/// <summary>One node of the place tree as a tree view shows it: <paramref name="Children"/> says whether it opens.</summary>
public sealed record PlaceNode(string Id, PlaceKind Kind, string Name, string? ParentId, int Order, int Children);
