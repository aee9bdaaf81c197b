namespace SignageKiosk.Shared.ProofOfDisplay;

/// <summary>
/// How many seconds a notice was on a kiosk's screen in one UTC hour, counted so far. The kiosk sends the running
/// total, so sending it again (or a newer, larger one) is harmless: the controller keeps the largest.
/// </summary>
public sealed record DisplayRecord
{
    public required string NoticeId { get; init; }
    /// <summary>The start of the UTC hour (minutes, seconds and fractions zero).</summary>
    public required DateTimeOffset Hour { get; init; }
    public required int Seconds { get; init; }
}
