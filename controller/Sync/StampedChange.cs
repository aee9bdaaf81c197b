using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Controller.Sync;

/// <summary>
/// A change stamped with one previous sequence, shared by every kiosk whose previous push was that sequence, and its
/// push frame. The frame is serialised on first write and the bytes reused for every other kiosk it goes to, so one
/// change costs one serialisation per distinct <see cref="SyncChange.Prev"/>, not one per connection.
/// </summary>
public sealed class StampedChange
{
    public StampedChange(SyncChange change)
    {
        Change = change;
        // The same invocation, with the same single-change batch, that a per-connection send of it would write.
        Frame = new SerializedHubMessage(new InvocationMessage(SyncProtocol.Changes, [new ChangeBatch { Changes = new[] { change } }]));
    }

    public SyncChange Change { get; }

    public SerializedHubMessage Frame { get; }
}
