namespace SignageKiosk.Shared.Updates;

/// <summary>What a kiosk reports about an offered build, in the order it normally happens.</summary>
public enum UpdateStep
{
    /// <summary>Offered to the kiosk, nothing heard back yet (set by the controller).</summary>
    Offered,
    /// <summary>The kiosk is fetching the build.</summary>
    Downloading,
    /// <summary>Hash and signature checked, unpacked into the other slot; the kiosk restarts into it.</summary>
    Installed,
    /// <summary>The new build is running, connected and in sync, and serves the board: the kiosk kept it.</summary>
    Healthy,
    /// <summary>The new build exited or did not become healthy in time: the kiosk went back to the build before it.</summary>
    RolledBack,
    /// <summary>The kiosk would not install it: another key's signature, a hash that does not match, no key to check with.</summary>
    Refused,
}

/// <summary>A build the controller asks a kiosk to install (hub push <c>OfferUpdate</c>, or the answer to <c>CheckForUpdate</c>).</summary>
public sealed record UpdateOffer
{
    public required long RolloutId { get; init; }
    /// <summary>SHA-256 of the bundle (.tar.gz), lower-case hex: the kiosk downloads it by this and checks it.</summary>
    public required string Sha256 { get; init; }
    public required long Size { get; init; }
    public required string Version { get; init; }
    /// <summary>The operator's detached signature of the bundle (ECDSA P-256 over its SHA-256, DER), base64.</summary>
    public required string Signature { get; init; }
}

/// <summary>A kiosk's word about a rollout's build (hub <c>ReportUpdate</c>).</summary>
public sealed record UpdateReport
{
    public required long RolloutId { get; init; }
    public required string Sha256 { get; init; }
    public required UpdateStep Step { get; init; }
    /// <summary>Why, for a rollback or a refusal (shown on the fleet page).</summary>
    public string? Detail { get; init; }

    public const int MaxDetail = 500;

    /// <summary>What is wrong with a report as received, or null.</summary>
    public static string? Problem(UpdateReport? report) =>
        report is null ? "send an update report"
        : report.RolloutId <= 0 ? "rolloutId must be positive"
        : !BuildBundle.IsSha256(report.Sha256) ? "sha256 must be 64 lower-case hex digits"
        : !Enum.IsDefined(report.Step) || report.Step == UpdateStep.Offered ? "step must be downloading, installed, healthy, rolledBack or refused"
        : report.Detail is { Length: > MaxDetail } ? $"detail is limited to {MaxDetail} characters"
        : null;
}
