namespace SignageKiosk.Controller.Audit;

/// <summary>Actions recorded outside the change log, by name, so tests and the audit page agree on them.</summary>
public static class AuditActions
{
    /// <summary>A kiosk used the credential it was handed for the first time; the one before is retired. Actor: the kiosk.</summary>
    public const string RotateCredential = "rotate-credential";
    /// <summary>An administrator issued a new credential; the old one stopped working at once. Actor: the administrator.</summary>
    public const string ReissueCredential = "reissue-credential";
    /// <summary>A retired credential was presented again (a copy of the installation). Actor: the kiosk id it claimed.</summary>
    public const string CredentialReused = "credential-reused";
}
