using System.Net;

namespace SignageKiosk.Kiosk;

/// <summary>The kiosk host's device routes answer only this machine: the board page and the shell scripts.</summary>
public static class LocalCaller
{
    public static bool Is(HttpContext http) =>
        http.Connection.RemoteIpAddress is { } address && IsLoopback(address);

    public static bool IsLoopback(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    /// <summary>The JSON body, or null when it is missing or malformed (the caller answers 400 in its own words).</summary>
    public static async Task<T?> ReadJsonOrNullAsync<T>(HttpContext http, CancellationToken cancellationToken) where T : class
    {
        try
        {
            return await http.Request.ReadFromJsonAsync<T>(cancellationToken);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
