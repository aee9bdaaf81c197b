namespace SignageKiosk.Kiosk.Pairing;

/// <summary>
/// Whether the screen is off on purpose. Whatever switches it off (a schedule, a timer running xset) says so on
/// the kiosk's loopback (PUT /screen); the kiosk passes it on, and the fleet shows "screen off", not "offline".
/// </summary>
public sealed class ScreenState
{
    private volatile bool _off;

    public bool Off => _off;

    public event Action? Changed;

    public void Set(bool off)
    {
        if (_off == off)
        {
            return;
        }
        _off = off;
        Changed?.Invoke();
    }
}
