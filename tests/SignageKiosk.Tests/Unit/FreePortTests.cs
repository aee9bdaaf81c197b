using System.Globalization;
using System.Net;
using System.Net.Sockets;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Unit;

/// <summary>
/// The ports tests give their servers: never one the kernel may hand to an outgoing connection before the server binds
/// it (a CI run failed with "address already in use" when they came from the ephemeral range), never the same twice.
/// </summary>
public sealed class FreePortTests
{
    [Fact]
    public void Ports_for_test_servers_are_below_the_kernels_ephemeral_range_free_and_distinct()
    {
        var ephemeralStart = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split('\t', ' ')[0], CultureInfo.InvariantCulture);
        var ports = Enumerable.Range(0, 200).Select(_ => Repo.FreePort()).ToList();

        Assert.All(ports, port => Assert.InRange(port, 1024, ephemeralStart - 1));
        Assert.Equal(ports.Count, ports.Distinct().Count());
        // Free when handed out: a server can bind it.
        using var listener = new TcpListener(IPAddress.Loopback, ports[^1]);
        listener.Start();
    }
}
