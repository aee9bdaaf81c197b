namespace SignageKiosk.Controller.Fleet;

/// <summary>
/// Why a kiosk needs someone now, most urgent first: a possible clone (someone else holds its credential), a screen
/// silent for longer than <see cref="FleetOptions.AttentionOfflineAfter"/>, a full disk, then a kiosk behind on its
/// changes. The names are what the API writes.
/// </summary>
public static class FleetAttention
{
    public const string Clone = "clone";
    public const string Offline = "offline";
    public const string StorageFull = "storageFull";
    public const string Lagging = "lagging";

    /// <summary>Reasons in order of urgency; the lower the index, the sooner it is listed.</summary>
    public static readonly IReadOnlyList<string> ByUrgency = [Clone, Offline, StorageFull, Lagging];

    public static int Urgency(IReadOnlyList<string> reasons) =>
        reasons.Count == 0 ? int.MaxValue : reasons.Min(r => ByUrgency.IndexOf(r) is var i and >= 0 ? i : int.MaxValue);

    private static int IndexOf(this IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
            {
                return i;
            }
        }
        return -1;
    }
}
