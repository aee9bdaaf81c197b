using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;

namespace SignageKiosk.Controller.Auth;

/// <summary>
/// One budget of sign-in attempts per client address and one per username, shared by every place that checks a
/// password (the sign-in page in any spelling of its path, the token endpoint, the password change endpoint).
/// It is called from those handlers, after the username is known, so no route spelling can go around it.
/// </summary>
public sealed class SignInThrottle(IOptions<AuthOptions> options, TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private const int PruneAbove = 10_000;

    private readonly Dictionary<string, (DateTimeOffset Start, int Count)> _windows = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>
    /// Spends one attempt from the address's and the username's budget; false (nothing spent) when either is
    /// used up, with how long until it refills.
    /// </summary>
    public bool TryAcquire(IPAddress? address, string? username, out TimeSpan retryAfter)
    {
        var permits = Math.Max(1, options.Value.SignInPermitsPerMinute);
        var now = time.GetUtcNow();
        List<string> keys = ["address:" + AddressKey(address)];
        if (!string.IsNullOrWhiteSpace(username))
        {
            keys.Add("user:" + NormaliseUsername(username));
        }
        lock (_lock)
        {
            if (_windows.Count > PruneAbove)
            {
                foreach (var stale in _windows.Where(w => now - w.Value.Start >= Window).Select(w => w.Key).ToList())
                {
                    _windows.Remove(stale);
                }
            }
            retryAfter = TimeSpan.Zero;
            foreach (var key in keys)
            {
                if (_windows.TryGetValue(key, out var window) && now - window.Start < Window && window.Count >= permits)
                {
                    retryAfter = TimeSpan.FromTicks(Math.Max(retryAfter.Ticks, (window.Start + Window - now).Ticks));
                }
            }
            if (retryAfter > TimeSpan.Zero)
            {
                return false;
            }
            foreach (var key in keys)
            {
                _windows[key] = _windows.TryGetValue(key, out var window) && now - window.Start < Window
                    ? (window.Start, window.Count + 1)
                    : (now, 1);
            }
            return true;
        }
    }

    /// <summary>"Admin", " admin " and "ＡＤＭＩＮ" are one username to the budget.</summary>
    public static string NormaliseUsername(string username)
    {
        var normal = username.Normalize(NormalizationForm.FormKC).Trim().ToLowerInvariant();
        return normal.Length > 64 ? normal[..64] : normal;
    }

    /// <summary>IPv6 clients are counted per /64, the block one household or host usually has.</summary>
    public static string AddressKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new IPAddress(bytes) + "/64";
        }
        return address.ToString();
    }
}
