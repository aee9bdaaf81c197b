namespace SignageKiosk.Simulator.Kiosks;

/// <summary>What a simulated kiosk reports to its fleet, as it happens (called on the kiosk's loop: keep it cheap).</summary>
public interface IKioskObserver
{
    void Synced(SimulatedKiosk kiosk);
    /// <summary>The kiosk sent Ack(<paramref name="seq"/>) at <paramref name="timestamp"/> (<see cref="System.Diagnostics.Stopwatch"/> ticks).</summary>
    void Acked(SimulatedKiosk kiosk, long seq, long timestamp);
    void ConnectFailed(SimulatedKiosk kiosk, Exception error);
    void StepFailed(SimulatedKiosk kiosk, string step, Exception error);
}
