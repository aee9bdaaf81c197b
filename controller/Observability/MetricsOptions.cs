using System.Net;
using SignageKiosk.Controller.Settings;

namespace SignageKiosk.Controller.Observability;

/// <summary>
/// Who may read /metrics (docs/decisions/0046): callers on this machine (loopback) always, and callers whose own address
/// is in <see cref="AllowedNetworks"/>, e.g. the monitoring host's. Nobody else, and never through a proxy.
/// </summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>Addresses or CIDR networks besides loopback, like "10.20.0.5" or "10.20.0.0/24". Empty by default.</summary>
    public string[] AllowedNetworks { get; set; } = [];

    /// <summary>What is wrong with these settings (the first entry that is neither an address nor a network), or null.</summary>
    public string? Problem() => AllowedNetworks.FirstOrDefault(entry => Parse(entry) is null) is { } bad
        ? SettingsRegistration.Must("Metrics:AllowedNetworks", $"中的 '{bad}' 既不是地址（10.20.0.5）也不是网段（10.20.0.0/24）",
            $"has '{bad}', which is neither an address (10.20.0.5) nor a network (10.20.0.0/24)")
        : null;

    public IReadOnlyList<IPNetwork> Networks() => [.. AllowedNetworks.Select(entry => Parse(entry)!.Value)];

    internal static IPNetwork? Parse(string? entry)
    {
        entry = entry?.Trim();
        if (string.IsNullOrEmpty(entry))
        {
            return null;
        }
        if (IPAddress.TryParse(entry, out var address) && !entry.Contains('/'))
        {
            return new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        }
        return IPNetwork.TryParse(entry, out var network) ? network : null;
    }
}
