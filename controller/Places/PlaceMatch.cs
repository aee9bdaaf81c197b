using SignageKiosk.Shared.Places;

namespace SignageKiosk.Controller.Places;

/// <summary>A place found by search, with its path in words from the caller's top level ("幸福里社区 / 丹桂苑 / 3栋").</summary>
public sealed record PlaceMatch(string Id, PlaceKind Kind, string Name, string? ParentId, string Path);
