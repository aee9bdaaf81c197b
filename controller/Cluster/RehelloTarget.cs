using SignageKiosk.Controller.Sync;

namespace SignageKiosk.Controller.Cluster;

/// <summary>
/// Which connected kiosks must say Hello again because their placement changed: those under a place, at a station, or
/// one kiosk. A value, not a predicate, so it can travel to the other nodes (as text in a notification).
/// </summary>
public sealed record RehelloTarget(RehelloScope Scope, string Id)
{
    public static RehelloTarget Place(string id) => new(RehelloScope.Place, id);
    public static RehelloTarget Station(string id) => new(RehelloScope.Station, id);
    public static RehelloTarget Kiosk(string id) => new(RehelloScope.Kiosk, id);

    public bool Matches(KioskSession session) => Scope switch
    {
        RehelloScope.Place => session.Chain.Contains(Id),
        RehelloScope.Station => session.StationId == Id,
        _ => session.KioskId == Id,
    };

    public string ToPayload() => $"{Scope}:{Id}";

    public static RehelloTarget? Parse(string payload)
    {
        var colon = payload.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && Enum.TryParse<RehelloScope>(payload[..colon], out var scope) && Enum.IsDefined(scope)
            ? new RehelloTarget(scope, payload[(colon + 1)..])
            : null;
    }
}

public enum RehelloScope
{
    Place,
    Station,
    Kiosk,
}
