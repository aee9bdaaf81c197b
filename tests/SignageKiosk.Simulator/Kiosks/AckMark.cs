namespace SignageKiosk.Simulator.Kiosks;

/// <summary>An acked sequence and the <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> at which it was first acked.</summary>
public sealed record AckMark(long Seq, long At);
