using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using SignageKiosk.Controller.Observability;

namespace SignageKiosk.Tests.Unit;

/// <summary>Who may read /metrics (docs/decisions/0046): loopback and Metrics:AllowedNetworks, never through a proxy.</summary>
public sealed class MetricsAccessTests
{
    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("10.20.0.5", true)]
    [InlineData("::ffff:10.20.0.99", true)]
    [InlineData("192.168.7.9", true)]
    [InlineData("10.20.1.5", false)]
    [InlineData("192.168.7.10", false)]
    [InlineData("203.0.113.7", false)]
    public void A_caller_is_let_in_by_its_own_address(string peer, bool allowed)
    {
        var access = new MetricsAccess(Options.Create(new MetricsOptions { AllowedNetworks = ["10.20.0.0/24", " 192.168.7.9 "] }));
        Assert.Equal(allowed, access.Allows(Caller(peer)));
    }

    [Fact]
    public void By_default_only_this_machine_reads_metrics_and_never_through_a_proxy()
    {
        var access = new MetricsAccess(Options.Create(new MetricsOptions()));
        Assert.True(access.Allows(Caller("127.0.0.1")));
        Assert.False(access.Allows(Caller("10.20.0.5")));
        var proxied = Caller("127.0.0.1");
        proxied.Request.Headers["X-Forwarded-For"] = "203.0.113.7";
        Assert.False(access.Allows(proxied));
        var forwarded = Caller("127.0.0.1");
        forwarded.Request.Headers["Forwarded"] = "for=203.0.113.7";
        Assert.False(access.Allows(forwarded));
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("monitoring-host")]
    [InlineData("")]
    public void A_bad_network_setting_is_named(string entry)
    {
        Assert.Equal($"设置 Metrics:AllowedNetworks 中的 '{entry}' 既不是地址（10.20.0.5）也不是网段（10.20.0.0/24） "
            + $"(Metrics:AllowedNetworks has '{entry}', which is neither an address (10.20.0.5) nor a network (10.20.0.0/24))",
            new MetricsOptions { AllowedNetworks = ["10.0.0.0/8", entry] }.Problem());
        Assert.Null(new MetricsOptions { AllowedNetworks = ["10.0.0.0/8", "fd00::/8", "192.168.1.20"] }.Problem());
    }

    private static DefaultHttpContext Caller(string address)
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = IPAddress.Parse(address);
        return http;
    }
}
