using SignageKiosk.Controller.Settings;

namespace SignageKiosk.Controller.Wishes;

/// <summary>Wishes: the limits of the public claim page (/w/{id}), which anyone with the QR code can reach.</summary>
public sealed class WishOptions
{
    public const string Section = "Wishes";

    /// <summary>Claims one client address (an IPv6 /64) may send in an hour; more get 429.</summary>
    public int ClaimsPerAddressPerHour { get; set; } = 5;

    /// <summary>Pending claims one wish may gather before the page asks people to wait for staff.</summary>
    public int PendingClaimsPerWish { get; set; } = 20;

    /// <summary>What is wrong with these settings, or null.</summary>
    public string? Problem() =>
        ClaimsPerAddressPerHour < 1 ? Must("ClaimsPerAddressPerHour", "须至少为 1", "must be at least 1")
        : PendingClaimsPerWish < 1 ? Must("PendingClaimsPerWish", "须至少为 1", "must be at least 1")
        : null;

    private static string Must(string setting, string zh, string en) => SettingsRegistration.Must(Section + ":" + setting, zh, en);
}
