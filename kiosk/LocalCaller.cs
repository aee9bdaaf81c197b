using System.Net;

namespace SignageKiosk.Kiosk;

/// <summary>The kiosk host's device routes answer only this machine: the board page and the shell scripts.</summary>
public static class LocalCaller
{
    public static bool Is(HttpContext http) =>
        http.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}
