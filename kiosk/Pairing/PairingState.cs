using SignageKiosk.Shared.Fleet;

namespace SignageKiosk.Kiosk.Pairing;

/// <summary>Where pairing stands, for the board (which shows the code instead of content) and /healthz.</summary>
public sealed class PairingState
{
    public enum Phase
    {
        /// <summary>A credential was there from the start, or there is no controller to pair with.</summary>
        NotNeeded,
        Requesting,
        Unreachable,
        ShowingCode,
        /// <summary>Paired during this run; the board shows content once the first snapshot is in.</summary>
        Paired,
    }

    private readonly Lock _gate = new();

    public Phase Current { get; private set; } = Phase.NotNeeded;
    public string? Code { get; private set; }
    public DateTimeOffset? ExpiresAt { get; private set; }
    public string? Detail { get; private set; }

    /// <summary>Raised on every change, so open board pages refresh.</summary>
    public event Action? Changed;

    public void Set(Phase phase, string? code = null, DateTimeOffset? expiresAt = null, string? detail = null)
    {
        lock (_gate)
        {
            Current = phase;
            Code = code;
            ExpiresAt = expiresAt;
            Detail = detail;
        }
        Changed?.Invoke();
    }

    /// <summary>The pairing screen replaces the board until the kiosk is paired and holds its first content.</summary>
    public PairingScreenModel? Screen(bool hasContent)
    {
        lock (_gate)
        {
            return Current switch
            {
                Phase.Requesting => new PairingScreenModel { Status = PairingScreenStatus.Requesting, Detail = Detail },
                Phase.Unreachable => new PairingScreenModel { Status = PairingScreenStatus.Unreachable, Detail = Detail },
                Phase.ShowingCode => new PairingScreenModel { Status = PairingScreenStatus.ShowingCode, Code = Code, ExpiresAt = ExpiresAt, Detail = Detail },
                Phase.Paired when !hasContent => new PairingScreenModel { Status = PairingScreenStatus.Paired, Detail = Detail },
                _ => null,
            };
        }
    }
}
