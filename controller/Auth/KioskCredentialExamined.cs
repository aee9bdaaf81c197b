namespace SignageKiosk.Controller.Auth;

/// <summary>
/// A request feature: credential rotation found this bearer credential (by its hash) to be the current one of this kiosk
/// earlier in the same request, so authentication need not look it up again.
/// </summary>
public sealed record KioskCredentialExamined(string KioskId, string CredentialHash);
