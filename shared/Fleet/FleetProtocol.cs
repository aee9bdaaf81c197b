namespace SignageKiosk.Shared.Fleet;

/// <summary>The HTTP routes kiosks use for pairing and fleet reports; one place so both ends agree.</summary>
public static class FleetProtocol
{
    /// <summary>Anonymous: a kiosk without a credential asks for a pairing code.</summary>
    public const string PairingRequests = "/api/pairing/requests";
    /// <summary>Anonymous, with the poll token: has staff claimed the code yet?</summary>
    public const string PairingPoll = "/api/pairing/poll";
    /// <summary>Administrators: claim a code for a kiosk id.</summary>
    public const string PairingClaim = "/api/pairing/claim";
    /// <summary>Kiosk, with its newest credential: any request with it retires the one before; this one does nothing else.</summary>
    public const string CredentialConfirm = "/api/pairing/confirm";
    /// <summary>Kiosk: its screen state, when it changes.</summary>
    public const string Report = "/api/fleet/report";

    public const long MaxScreenshotBytes = 5 * 1024 * 1024;

    public static string Screenshot(string kioskId) => $"/api/fleet/{Uri.EscapeDataString(kioskId)}/screenshot";
}

/// <summary>Body of <see cref="FleetProtocol.PairingRequests"/>.</summary>
public sealed record PairingRequest
{
    /// <summary>Random id the kiosk made once and keeps in its data folder; shown to staff, never a secret.</summary>
    public string? InstallationId { get; init; }
    public string? SoftwareVersion { get; init; }
}

/// <summary>Answer to a pairing request: the code to show and the secret to poll with.</summary>
public sealed record PairingTicket
{
    public required string Code { get; init; }
    public required string PollToken { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
}

public sealed record PairingPoll
{
    public string? PollToken { get; init; }
}

public sealed record PairingPollResult
{
    public const string Waiting = "waiting";
    public const string Paired = "paired";

    public required string Status { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    /// <summary>With <see cref="Paired"/>, exactly once.</summary>
    public string? KioskId { get; init; }
    /// <summary>With <see cref="Paired"/>, exactly once: the kiosk's device credential.</summary>
    public string? Credential { get; init; }
}

/// <summary>Body of <see cref="FleetProtocol.PairingClaim"/>.</summary>
public sealed record PairingClaim
{
    public string? Code { get; init; }
    public string? KioskId { get; init; }
    public string? Name { get; init; }
    public string? StationId { get; init; }
    public string? PlaceId { get; init; }
}

/// <summary>Body of <see cref="FleetProtocol.Report"/>.</summary>
public sealed record FleetReport
{
    /// <summary>The screen is off on purpose (schedule, night hours); the host keeps running and reporting.</summary>
    public bool ScreenOff { get; init; }
    /// <summary>A media download failed for want of disk space; the board shows what it has meanwhile.</summary>
    public bool StorageFull { get; init; }
}

/// <summary>Sent by the controller over the hub: capture the board and upload it with this id.</summary>
public sealed record ScreenshotRequest
{
    public required string RequestId { get; init; }
}
