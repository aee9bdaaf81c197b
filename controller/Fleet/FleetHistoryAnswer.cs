using SignageKiosk.Shared.Fleet;

namespace SignageKiosk.Controller.Fleet;

/// <summary>The fleet's recent history (GET /api/fleet/history): buckets of <paramref name="BucketMinutes"/> from <paramref name="From"/> to <paramref name="To"/>.</summary>
public sealed record FleetHistoryAnswer(DateTimeOffset From, DateTimeOffset To, int BucketMinutes, IReadOnlyList<FleetBucket> Buckets);
