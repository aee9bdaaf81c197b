using System.Threading.RateLimiting;

namespace SignageKiosk.Controller.Admission;

/// <summary>One admitted kiosk handshake's place; given back once, whichever comes first: its first Ack, the timeout, or the connection's end.</summary>
public sealed class AdmissionTicket(RateLimitLease lease, KioskAdmission admission) : IDisposable
{
    private int _released;

    /// <summary>The kiosk is in sync: its place goes to the next one, and it counts towards the node's measured rate.</summary>
    public void Completed() => Release(completed: true);

    /// <summary>Timed out or disconnected before its first Ack.</summary>
    public void Dispose() => Release(completed: false);

    private void Release(bool completed)
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            lease.Dispose();
            admission.Released(completed);
        }
    }
}
