namespace SignageKiosk.Controller.Auth;

public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The first administrator, created when the user table is empty.</summary>
    public string BootstrapAdminUsername { get; set; } = "admin";

    /// <summary>Its password; else SIGNAGEKIOSK_ADMIN_PASSWORD; else a random one written to the data folder.</summary>
    public string? BootstrapAdminPassword { get; set; }

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Sign-in attempts allowed per client address per minute.</summary>
    public int SignInPermitsPerMinute { get; set; } = 20;
}
