using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Controller.Sync;

/// <summary>A row of the change log, as written in the same transaction as the change itself.</summary>
public sealed record ChangeRecord(long Seq, string Kind, string ItemId, ChangeOp Op, string? TargetPlaceId, string? TargetKioskId, string? Payload);
