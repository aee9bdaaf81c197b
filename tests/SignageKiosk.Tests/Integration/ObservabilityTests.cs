using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SignageKiosk.Controller.Sync;
using SignageKiosk.Shared.Fleet;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// Observability (docs/observability.md): Debian's prometheus scrapes the controller's /metrics and counts its kiosks,
/// the controller's instruments move with the work, /metrics answers only local callers, liveness and readiness answer
/// beside the old /healthz, and what is logged during a kiosk's call names the kiosk.
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed class ObservabilityTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Prometheus_scrapes_the_controller_and_its_query_counts_the_kiosks_connected()
    {
        await using var controller = ControllerHost.Start("obs-prometheus");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await using var kioskA = await KioskHubClient.ConnectAsync(controller.Url, world.Credentials[world.KioskA]);
        var kioskB = await KioskHubClient.ConnectAsync(controller.Url, world.Credentials[world.KioskB]);
        await using var prometheus = await PrometheusServer.StartAsync("obs-prometheus-server", $"127.0.0.1:{controller.Port}");

        await Eventually.Until(() => ConnectedAsync(prometheus), count => count == 2,
            $"prometheus to report 2 kiosks connected\n{prometheus.Output}", Patience, pollMilliseconds: 250);
        var series = Assert.Single(await prometheus.QueryAsync("signagekiosk_kiosks_connected"));
        Assert.Equal("signagekiosk", series.Labels["job"]!.GetValue<string>());

        // One kiosk goes away: the next scrapes say so.
        await kioskB.DisposeAsync();
        await Eventually.Until(() => ConnectedAsync(prometheus), count => count == 1,
            $"prometheus to report 1 kiosk connected\n{prometheus.Output}", Patience, pollMilliseconds: 250);
    }

    private static async Task<double?> ConnectedAsync(PrometheusServer prometheus) =>
        (await prometheus.QueryAsync("signagekiosk_kiosks_connected")) is [var only] ? only.Value : null;

    [Fact]
    public async Task The_instruments_count_publishes_acks_catch_ups_snapshots_refusals_imports_and_prints_and_metrics_refuse_a_proxied_caller()
    {
        // A one-place door (decision 0039): a second handshake while the first kiosk has not acked is refused.
        await using var controller = ControllerHost.Start("obs-instruments", settings: new()
        {
            ["Admission:MaxConcurrentHandshakes"] = "1",
            ["Admission:QueueTimeout"] = "00:00:00.200",
            ["Admission:HandshakeTimeout"] = "00:05:00",
        });
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await using var kiosk = await RawHubClient.ConnectAsync(controller.Url, world.Credentials[world.KioskA]);
        Assert.Null((await kiosk.HelloAsync())["error"]);
        using (var turnedAway = new System.Net.WebSockets.ClientWebSocket())
        {
            turnedAway.Options.SetRequestHeader("Authorization", "Bearer " + world.Credentials[world.KioskB]);
            turnedAway.Options.CollectHttpResponseDetails = true;
            await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() =>
                turnedAway.ConnectAsync(new Uri(controller.Url.Replace("http://", "ws://", StringComparison.Ordinal) + "/hubs/kiosk"), CancellationToken.None));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, turnedAway.HttpStatusCode);
        }
        // In step with its place's log before the publish, so the publish is what it lags by.
        var caughtUp = (await kiosk.InvokeAsync("CatchUp", 0, 500))["result"]!["changes"]!.AsArray()[^1]!["seq"]!.GetValue<long>();
        Assert.Null((await kiosk.InvokeAsync("Ack", caughtUp))["error"]);
        using var anonymous = controller.Anonymous();
        var before = await MetricsAsync(anonymous);
        Assert.Equal(0, Value(before, "signagekiosk_sync_ack_lag"));

        var published = await admin.PublishAsync("notices", TestWorld.Notice("n-obs", "观测测试通知", TestWorld.Community));
        // The push is timed from when the dispatcher hands it to the kiosk's connection.
        var sessions = controller.Services.GetRequiredService<KioskSessions>();
        await Eventually.Until(() => Task.FromResult(sessions.All.Single().LastSent), sent => sent >= published, "the push to reach the kiosk's outbox");
        // Counted in sequence numbers: changes for other places in between count too.
        Assert.Equal(published - caughtUp, Value(await MetricsAsync(anonymous), "signagekiosk_sync_ack_lag"));
        Assert.Null((await kiosk.InvokeAsync("Snapshot"))["error"]);
        Assert.Null((await kiosk.InvokeAsync("Ack", published))["error"]);
        Assert.NotNull((await kiosk.InvokeAsync("Ack", -1))["error"]);
        using (var print = await admin.GetAsync("/api/print/notices/n-obs"))
        {
            Assert.Equal(HttpStatusCode.OK, print.StatusCode);
        }
        using (var sheet = new StringContent("这不是名册\n", System.Text.Encoding.UTF8, "text/csv"))
        using (await admin.PostAsync($"/api/import/roster/preview?target={TestWorld.BuildingA1}", sheet))
        {
            // Timed whatever the answer.
        }

        var after = await MetricsAsync(anonymous);
        Assert.Equal(1, Value(after, "signagekiosk_kiosks_connected"));
        Assert.Equal(0, Value(after, "signagekiosk_sync_ack_lag"));
        Assert.Equal(1, Value(after, "signagekiosk_publishes_total") - Value(before, "signagekiosk_publishes_total"));
        Assert.Equal(1, Value(after, "signagekiosk_changes_published_total") - Value(before, "signagekiosk_changes_published_total"));
        Assert.Equal(1, Value(after, "signagekiosk_sync_catchups_total"));
        Assert.Equal(1, Value(after, "signagekiosk_sync_snapshots_total"));
        Assert.Equal(1, Value(after, "signagekiosk_hub_refusals_total", "method=\"Ack\""));
        Assert.Equal(1, Value(after, "signagekiosk_sync_ack_duration_seconds_count"));
        Assert.Equal(1, Value(after, "signagekiosk_print_duration_seconds_count", "document=\"notice\""));
        Assert.Equal(1, Value(after, "signagekiosk_import_duration_seconds_count", "step=\"preview\""));
        Assert.Equal(1, Value(after, "signagekiosk_admission_refusals_total"));
        // ASP.NET Core's own meters ride along: requests by route, open connections, the kiosk's SignalR connection.
        // (A request is recorded after its answer is sent: the sign-in, long finished, is certain to be in.)
        Assert.True(Value(after, "http_server_request_duration_seconds_count", "http_route=\"/api/auth/token\"") >= 1, after);
        Assert.True(Value(after, "kestrel_active_connections") >= 1, after);
        Assert.Equal(1, Value(after, "signalr_server_active_connections"));

        // Through a proxy every caller would look local: a forwarded request is refused, and says why in Chinese.
        using var forwarded = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        forwarded.Headers.Add("X-Forwarded-For", "203.0.113.7");
        using var refused = await anonymous.SendAsync(forwarded);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("Metrics:AllowedNetworks", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Liveness_and_readiness_answer_beside_the_old_health_answer()
    {
        await using var controller = ControllerHost.Start("obs-health");
        using var anonymous = controller.Anonymous();
        using var live = await anonymous.GetAsync("/healthz/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", await live.Content.ReadAsStringAsync());
        using var ready = await anonymous.GetAsync("/healthz/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
        var health = JsonNode.Parse(await anonymous.GetStringAsync("/healthz"))!.AsObject();
        Assert.Equal(["status", "seq", "kiosksConnected"], health.Select(p => p.Key));
        // HAProxy (the real template) asks readiness, so a node whose store does not answer gets no one; it answers
        // through a node once readiness said yes, and keeps /metrics to callers of the node itself.
        Assert.Contains("option httpchk GET /healthz/ready", await File.ReadAllTextAsync(LoadBalancer.TemplatePath));
        await using var balancer = await LoadBalancer.StartAsync("obs-health-lb", [controller.Port]);
        using var throughBalancer = new HttpClient { BaseAddress = new Uri(balancer.Url) };
        using var metrics = await throughBalancer.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.Forbidden, metrics.StatusCode);
        using var direct = await anonymous.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, direct.StatusCode);
    }

    [Fact]
    public async Task Readiness_says_503_while_PostgreSQL_cannot_be_reached_and_liveness_still_answers()
    {
        // The controller reaches its store through a proxy that the test can cut, like a network between two boxes.
        var store = new Npgsql.NpgsqlConnectionStringBuilder(PostgresServer.Shared.CreateDatabase("obs-ready"));
        await using var link = new TcpProxy(store.Port);
        store.Port = link.Port;
        await using var controller = ControllerHost.Start("obs-ready", store: Controller.Storage.StoreProvider.PostgreSql, settings: new()
        {
            ["Storage:Provider"] = "PostgreSql",
            ["Storage:ConnectionString"] = store.ConnectionString,
        });
        using var anonymous = controller.Anonymous();
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(anonymous, "/healthz/ready"));

        link.Cut();
        await Eventually.Until(() => StatusAsync(anonymous, "/healthz/ready"), status => status == HttpStatusCode.ServiceUnavailable, "readiness to fail");
        using (var unready = await anonymous.GetAsync("/healthz/ready"))
        {
            Assert.Equal("Unhealthy", await unready.Content.ReadAsStringAsync());
        }
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(anonymous, "/healthz/live"));

        link.Restore();
        await Eventually.Until(() => StatusAsync(anonymous, "/healthz/ready"), status => status == HttpStatusCode.OK, "readiness to come back");
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return response.StatusCode;
    }

    [Fact]
    public async Task Lines_logged_during_a_kiosks_hub_call_or_HTTP_request_carry_its_kiosk_id_and_a_staff_request_does_not()
    {
        var logs = new LogCapture();
        await using var controller = ControllerHost.Start("obs-scope", logs: logs, settings: new()
        {
            ["Logging:LogLevel:SignageKiosk.Controller.Sync.KioskHub"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore.Routing.EndpointMiddleware"] = "Information",
        });
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);

        await using (var kiosk = await RawHubClient.ConnectAsync(controller.Url, world.Credentials[world.KioskA]))
        {
            Assert.Null((await kiosk.HelloAsync())["error"]);
            Assert.NotNull((await kiosk.InvokeAsync("CatchUp", -1, 10))["error"]);
        }
        using (var kioskHttp = controller.Anonymous())
        {
            kioskHttp.DefaultRequestHeaders.Authorization = new("Bearer", world.Credentials[world.KioskB]);
            using var confirmed = await kioskHttp.PostAsync(FleetProtocol.CredentialConfirm, null);
            Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        }
        await admin.HeadAsync();

        var hello = Assert.Single(logs.Entries, e => e.Message.Contains("Kiosk kiosk-a connected at cursor", StringComparison.Ordinal));
        Assert.Equal(world.KioskA, hello.Scope["KioskId"]);
        // A line written by another class (the refusal logger) in the same call.
        var refusal = Assert.Single(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("CatchUp refused", StringComparison.Ordinal));
        Assert.Equal(world.KioskA, refusal.Scope["KioskId"]);
        // ASP.NET Core's own line about the endpoint a kiosk called over HTTP.
        var kioskRequest = Assert.Single(logs.Entries, e => e.Message.StartsWith("Executed endpoint", StringComparison.Ordinal)
            && e.Message.Contains(FleetProtocol.CredentialConfirm, StringComparison.Ordinal));
        Assert.Equal(world.KioskB, kioskRequest.Scope["KioskId"]);
        var staffRequest = Assert.Single(logs.Entries, e => e.Message.StartsWith("Executed endpoint", StringComparison.Ordinal)
            && e.Message.Contains("/api/changes/head", StringComparison.Ordinal));
        Assert.False(staffRequest.Scope.ContainsKey("KioskId"));
    }

    private static async Task<string> MetricsAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"/metrics answered {(int)response.StatusCode}: {text}");
        return text;
    }

    /// <summary>The value of the series named <paramref name="name"/> having all <paramref name="labels"/> (0 when absent).</summary>
    private static double Value(string metrics, string name, params string[] labels)
    {
        foreach (var line in metrics.Split('\n'))
        {
            if (line.StartsWith('#') || !line.StartsWith(name, StringComparison.Ordinal) || line.Length == name.Length
                || line[name.Length] is not ('{' or ' '))
            {
                continue;
            }
            var end = line[name.Length] == '{' ? line.IndexOf('}', StringComparison.Ordinal) : name.Length;
            var labelSet = line[name.Length..end];
            if (labels.All(label => labelSet.Contains(label, StringComparison.Ordinal)))
            {
                return double.Parse(line[(end + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }
        return 0;
    }
}
