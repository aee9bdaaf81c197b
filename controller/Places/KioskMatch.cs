namespace SignageKiosk.Controller.Places;

/// <summary>A screen found by search: its station and the path in words of the place it stands in.</summary>
public sealed record KioskMatch(string Id, string Name, string StationId, string StationName, string PlaceId, string Path);
