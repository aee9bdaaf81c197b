using SignageKiosk.Shared.Roster;

namespace SignageKiosk.Controller.Sync;

/// <summary>
/// What of an item may leave for a kiosk. Every path to a kiosk (live push, catch-up, snapshot, and the preview that
/// renders a snapshot) turns a stored payload into a SyncChange through <see cref="ChangeLog.ToSyncChange"/>, which
/// passes it through here: a private number reaches kiosks only masked (docs/decisions/private-numbers-stay-on-the-controller.md).
/// </summary>
public static class KioskPayload
{
    public static string? Of(string kind, string? payload) => PrivatePhonePayload.Mask(kind, payload);
}
