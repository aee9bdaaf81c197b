using SignageKiosk.Shared.Places;

namespace SignageKiosk.Controller.Import;

/// <summary>The place an import goes to or an export comes from: its buildings and units, and every place under it.</summary>
public sealed record ImportArea(Place Target, IReadOnlyList<Place> BuildingsAndUnits, IReadOnlySet<string> Subtree);
