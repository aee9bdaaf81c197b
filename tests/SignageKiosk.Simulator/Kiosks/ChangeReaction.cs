using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Simulator.Kiosks;

/// <summary>
/// What a simulated kiosk does, after applying and acking it, with a change of one kind: e.g. for an emergency
/// broadcast, call the hub method that says it was displayed:
/// <code>reactions["broadcasts"] = (kiosk, change, ct) => kiosk.SendCoreAsync("BroadcastDisplayed", [change.Id, DateTimeOffset.UtcNow], ct);</code>
/// It runs for live changes and for changes fetched by catch-up alike, on the kiosk's own sync loop.
/// </summary>
public delegate Task ChangeReaction(SimulatedKiosk kiosk, SyncChange change, CancellationToken cancellationToken);
