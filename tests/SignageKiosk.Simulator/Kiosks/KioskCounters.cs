namespace SignageKiosk.Simulator.Kiosks;

/// <summary>What one simulated kiosk did; read by the fleet for totals. Written only by the kiosk's own loop, except drops.</summary>
public sealed class KioskCounters
{
    public int Hellos;
    public int Snapshots;
    public int CatchUps;
    public int Gaps;
    public int Drops;
    public int Errors;
    public long ChangesApplied;
    public int ReactionsRun;
    /// <summary>New credentials taken and confirmed (<see cref="KioskBehaviour.RotateCredentials"/>).</summary>
    public int Rotations;
    /// <summary>Confirmations of a new credential that failed (not fatal, as on a real kiosk).</summary>
    public int ConfirmFailures;
}
