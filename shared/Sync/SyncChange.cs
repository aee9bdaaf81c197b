using System.Text.Json;

namespace SignageKiosk.Shared.Sync;

/// <summary>
/// One entry of the controller's change log as a kiosk receives it.
/// <see cref="Prev"/> is the sequence of the previous change this same kiosk was sent (0 for none), so a
/// kiosk can tell a hole in its own stream even though global sequence numbers are sparse for it.
/// </summary>
public sealed record SyncChange
{
    public required long Seq { get; init; }
    public long Prev { get; init; }
    public required string Kind { get; init; }
    public required string Id { get; init; }
    public ChangeOp Op { get; init; }
    /// <summary>The item as JSON for an upsert; absent for a delete.</summary>
    public JsonElement? Payload { get; init; }
}
