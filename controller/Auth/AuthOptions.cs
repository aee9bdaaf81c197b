using SignageKiosk.Controller.Settings;

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

    /// <summary>What is wrong with these settings, or null.</summary>
    public string? Problem() =>
        string.IsNullOrWhiteSpace(BootstrapAdminUsername) ? Must("BootstrapAdminUsername", "不能为空", "must not be empty")
        : TokenLifetime <= TimeSpan.Zero ? Must("TokenLifetime", "须大于 0", "must be positive")
        : SignInPermitsPerMinute < 1 ? Must("SignInPermitsPerMinute", "须至少为 1", "must be at least 1")
        : null;

    private static string Must(string setting, string zh, string en) => SettingsRegistration.Must(Section + ":" + setting, zh, en);
}
