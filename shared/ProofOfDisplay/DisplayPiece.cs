namespace SignageKiosk.Shared.ProofOfDisplay;

/// <summary>Some time a notice was on screen, all within one UTC hour.</summary>
public readonly record struct DisplayPiece(string NoticeId, DateTimeOffset Hour, TimeSpan Duration);
