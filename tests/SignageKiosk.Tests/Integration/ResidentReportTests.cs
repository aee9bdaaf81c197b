using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using SignageKiosk.Shared.Reports;
using SignageKiosk.Shared.Sync;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// Residents' reports (我要反映, issue 15) end to end: from the board page to the kiosk's outbox, over the hub exactly
/// once whatever happens in between, to staff of the area, with the call-back number only where it may be.
/// </summary>
public sealed class ResidentReportTests
{
    private const string Phone = "13912345678";

    /// <summary>Try pending reports every second and copy the store every second (defaults: a minute and five minutes).</summary>
    private static readonly Dictionary<string, string> Quick = new()
    {
        ["Reports:SendInterval"] = "00:00:01",
        ["Kiosk:Store:GoodCopyInterval"] = "00:00:01",
    };

    private static async Task<JsonArray> ReportsAsync(HttpClient staff, string query = "") =>
        (await staff.GetFromJsonAsync<JsonObject>("/api/reports" + query))!["reports"]!.AsArray();

    private static async Task<JsonObject> LocalReportAsync(KioskProcess kiosk, string key)
    {
        using var board = await kiosk.BoardClientAsync();
        return (await board.GetFromJsonAsync<JsonObject>($"/reports/{key}"))!;
    }

    /// <summary>Files holding <paramref name="text"/> (as UTF-8, as LiteDB's BSON stores strings) anywhere in the folder.</summary>
    private static List<string> FilesContaining(string folder, string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        return Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(folder, f).StartsWith("screenshots", StringComparison.Ordinal))
            .Where(f => File.ReadAllBytes(f).AsSpan().IndexOf(needle) >= 0)
            .Select(f => Path.GetRelativePath(folder, f))
            .ToList();
    }

    private static ResidentReport Report(string buildingId = TestWorld.BuildingA1, string? key = null, string? phone = Phone) => new()
    {
        IdempotencyKey = key ?? Guid.NewGuid().ToString(),
        Category = ReportCategory.Repairs,
        BuildingId = buildingId,
        Phrases = ["repairs.lift"],
        Phone = phone,
        CreatedAt = DateTimeOffset.UtcNow,
    };

    [Fact]
    public async Task A_report_made_offline_survives_a_kill_and_reaches_staff_exactly_once_and_its_phone_leaves_the_kiosk()
    {
        await using var controller = ControllerHost.Start("reports-offline");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await using var kiosk = await KioskProcess.StartAsync("reports-offline", controller.Url, world.Credentials[world.KioskLobbyA1], Quick);
        await kiosk.WaitForSeqAsync(await admin.HeadAsync());
        await controller.StopAsync();

        string key;
        using (var board = await kiosk.BoardClientAsync())
        {
            using var posted = await board.PostAsJsonAsync("/reports", new
            {
                category = "repairs", buildingId = TestWorld.BuildingA1, unitId = "a1-u1", phrases = new[] { "repairs.lift", "repairs.light" }, phone = "139-1234-5678",
            });
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
            var answer = (await posted.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.True(answer["pending"]!.GetValue<bool>());
            key = answer["key"]!.GetValue<string>();
            Assert.True(Guid.TryParse(key, out _));
        }
        Assert.Equal("pending", (await LocalReportAsync(kiosk, key))["state"]!.GetValue<string>());
        // The outbox holds the number until delivery (this also shows the byte search below can find it).
        Assert.NotEmpty(FilesContaining(kiosk.DataDirectory, Phone));

        // A power cut while the controller is away: the report is still there, still pending.
        await kiosk.KillAsync();
        await kiosk.StartAsync();
        Assert.Equal("pending", (await LocalReportAsync(kiosk, key))["state"]!.GetValue<string>());

        controller.Start();
        var delivered = await Eventually.Until(() => LocalReportAsync(kiosk, key), r => r["state"]!.GetValue<string>() == "delivered",
            "the kiosk to deliver the report\n" + kiosk.Output, TimeSpan.FromSeconds(60));
        var reference = delivered["reference"]!.GetValue<string>();
        Assert.True(ReportReference.IsWellFormed(reference), reference);

        var listed = Assert.Single(await ReportsAsync(admin, "?state=received"))!;
        Assert.Equal(reference, listed["reference"]!.GetValue<string>());
        Assert.Equal(TestWorld.BuildingA1, listed["buildingId"]!.GetValue<string>());
        Assert.Equal("1栋", listed["buildingName"]!.GetValue<string>());
        Assert.Equal("a1-u1", listed["unitId"]!.GetValue<string>());
        Assert.Equal("kiosk-a1", listed["kioskId"]!.GetValue<string>());
        Assert.Equal("报修", listed["categoryName"]!.GetValue<string>());
        Assert.Equal(["电梯故障", "楼道灯不亮"], listed["phrases"]!.AsArray().Select(p => p!["text"]!.GetValue<string>()));
        Assert.Equal(Phone, listed["phone"]!.GetValue<string>());

        // Killed and started again after delivery: nothing is sent twice.
        await kiosk.KillAsync();
        await kiosk.StartAsync();
        await kiosk.WaitForSeqAsync(await admin.HeadAsync());
        Assert.Equal(reference, (await LocalReportAsync(kiosk, key))["reference"]!.GetValue<string>());
        Assert.Single(await ReportsAsync(admin));

        // The number was dropped from the outbox with the delivery; once the store is folded and copied its bytes are gone.
        await Eventually.Until(() => Task.FromResult(FilesContaining(kiosk.DataDirectory, Phone)), files => files.Count == 0,
            "the phone number to leave every file of the kiosk", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task The_same_key_twice_is_one_report_and_bad_input_is_refused_plainly_storing_nothing()
    {
        await using var controller = ControllerHost.Start("reports-hub");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await using var hub = await KioskHubClient.ConnectAsync(controller.Url, world.Credentials[world.KioskA]);

        var report = Report();
        var first = await hub.Connection.InvokeAsync<ReportReceipt>(SyncProtocol.SubmitReport, report);
        var again = await hub.Connection.InvokeAsync<ReportReceipt>(SyncProtocol.SubmitReport, report with { Phrases = ["repairs.door"] });
        Assert.Equal(first.Reference, again.Reference);
        Assert.Equal(first.ReceivedAt, again.ReceivedAt);
        var second = await hub.Connection.InvokeAsync<ReportReceipt>(SyncProtocol.SubmitReport, Report("a2"));
        Assert.NotEqual(first.Reference, second.Reference);
        Assert.EndsWith("-0001", first.Reference);
        Assert.EndsWith("-0002", second.Reference);
        var listed = await ReportsAsync(admin);
        Assert.Equal(2, listed.Count);
        Assert.Equal(["电梯故障"], listed.Single(r => r!["reference"]!.GetValue<string>() == first.Reference)!["phrases"]!.AsArray().Select(p => p!["text"]!.GetValue<string>()));

        var refused = new (ResidentReport Report, string Says)[]
        {
            (Report() with { Category = (ReportCategory)99 }, "反映类别"),
            (Report() with { Phrases = ["noise.night"] }, "没有这个描述"),
            (Report() with { Phone = "12345" }, "联系电话"),
            (Report() with { IdempotencyKey = "again" }, "GUID"),
            (Report(TestWorld.BuildingA1) with { UnitId = "b1" }, "单元"),
            (Report("b1"), "不在本屏所在的小区"),            // another compound's building
            (Report(TestWorld.CompoundA), "不在本屏所在的小区"),  // a compound is not a building
            (Report("nowhere"), "不在本屏所在的小区"),
        };
        foreach (var (bad, says) in refused)
        {
            var e = await Assert.ThrowsAsync<HubException>(() => hub.Connection.InvokeAsync<ReportReceipt>(SyncProtocol.SubmitReport, bad));
            Assert.Contains(says, e.Message);
        }
        var none = await Assert.ThrowsAsync<HubException>(() => hub.Connection.InvokeAsync<ReportReceipt>(SyncProtocol.SubmitReport, (ResidentReport?)null));
        Assert.Contains("请发送反映内容", none.Message);
        Assert.Equal(2, (await ReportsAsync(admin)).Count);
        // The connection is still good after the refusals.
        Assert.Equal(first.Reference, (await hub.Connection.InvokeAsync<ReportReceipt>(SyncProtocol.SubmitReport, report)).Reference);
        // Reports never enter the change log: a kiosk cannot be sent one. Only the compound's monthly figures (counts,
        // decision 0029) may follow a report there.
        var head = await admin.HeadAsync();
        var third = await hub.Connection.InvokeAsync<ReportReceipt>(SyncProtocol.SubmitReport, Report("a2"));
        var figures = await Eventually.Until(() => hub.Connection.InvokeAsync<ChangeBatch>(SyncProtocol.CatchUp, head, 500), b => b.Changes.Count > 0,
            "the figures to follow the report");
        Assert.All(figures.Changes, c =>
        {
            Assert.Equal("report-figures", c.Kind);
            Assert.DoesNotContain(third.Reference, c.Payload?.GetRawText() ?? "");
            Assert.DoesNotContain(Phone, c.Payload?.GetRawText() ?? "");
        });
    }

    [Fact]
    public async Task The_kiosk_route_takes_only_the_board_page_and_refuses_bad_reports_storing_nothing()
    {
        await using var controller = ControllerHost.Start("reports-kiosk-route");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await using var kiosk = await KioskProcess.StartAsync("reports-kiosk-route", controller.Url, world.Credentials[world.KioskLobbyA1], Quick);
        await kiosk.WaitForSeqAsync(await admin.HeadAsync());
        using var board = await kiosk.BoardClientAsync();
        var bodies = new object[]
        {
            new { category = "gossip", buildingId = "a1" },
            new { category = "3", buildingId = "a1" },
            new { category = "repairs" },
            new { category = "repairs", buildingId = "a1", phrases = new[] { "楼上天天吵" } },
            new { category = "repairs", buildingId = "a1", phone = "call me" },
            new { category = "repairs", buildingId = new string('a', 65) },
        };
        foreach (var body in bodies)
        {
            using var response = await board.PostAsJsonAsync("/reports", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", (await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]!.GetValue<string>());
        }
        using (var broken = await board.PostAsync("/reports", new StringContent("{not json", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        }
        // Not from the board page: refused.
        using (var stranger = new HttpClient { BaseAddress = new Uri(kiosk.Url) })
        {
            using var response = await stranger.PostAsJsonAsync("/reports", new { category = "repairs", buildingId = "a1" });
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await board.GetAsync($"/reports/{Guid.NewGuid()}")).StatusCode);

        // A building of another compound passes the kiosk's own checks but the controller refuses it: it stops being sent.
        using var posted = await board.PostAsJsonAsync("/reports", new { category = "noise", buildingId = "b1", phrases = new[] { "noise.night" } });
        var key = (await posted.Content.ReadFromJsonAsync<JsonObject>())!["key"]!.GetValue<string>();
        var refused = await Eventually.Until(() => LocalReportAsync(kiosk, key), r => r["state"]!.GetValue<string>() == "refused",
            "the controller to refuse the report\n" + kiosk.Output);
        Assert.Equal("这个楼栋不在本屏所在的小区，不能在这里反映", refused["refusal"]!.GetValue<string>());
        Assert.Empty(await ReportsAsync(admin));

        await kiosk.KillAsync();
        using var store = KioskStoreFile.Open(kiosk.DataDirectory)!;
        Assert.Equal(1, store.Documents("reports"));
    }

    [Fact]
    public async Task The_phone_is_whole_for_admins_masked_for_staff_not_handling_it_and_absent_elsewhere()
    {
        await using var controller = ControllerHost.Start("reports-privacy");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await admin.PostJsonAsync("/api/places", new { id = "c2", kind = "community", name = "和平里社区", parentId = "street" });
        await using (var hub = await KioskHubClient.ConnectAsync(controller.Url, world.Credentials[world.KioskA]))
        {
            await hub.Connection.InvokeAsync<ReportReceipt>(SyncProtocol.SubmitReport, Report("a2"));
        }
        var users = new Dictionary<string, (string Role, string Scope)>
        {
            ["staff1"] = ("communityStaff", TestWorld.Community),
            ["staff2"] = ("communityStaff", "c2"),
            ["property-a"] = ("propertyManager", TestWorld.CompoundA),
            ["property-b"] = ("propertyManager", TestWorld.CompoundB),
            ["master-a"] = ("stationMaster", TestWorld.CompoundA),
        };
        var clients = new Dictionary<string, HttpClient>();
        foreach (var (name, (role, scope)) in users)
        {
            await admin.PostJsonAsync("/api/users", new { username = name, password = "a-long-password", role, scopePlaceId = scope, mustChangePassword = false });
            clients[name] = await controller.SignInAsync(name, "a-long-password");
        }
        try
        {
            // Whole only for administrators and the report's assignee (ReportQueueTests): nobody is assigned yet.
            Assert.Equal(Phone, Assert.Single(await ReportsAsync(admin))!["phone"]!.GetValue<string>());
            foreach (var name in new[] { "staff1", "property-a", "master-a" })
            {
                var listed = Assert.Single(await ReportsAsync(clients[name], $"?placeId={TestWorld.CompoundA}"))!;
                Assert.Equal("*******5678", listed["phone"]!.GetValue<string>());
                Assert.True(listed["phoneMasked"]!.GetValue<bool>());
                Assert.DoesNotContain("1391234", await clients[name].GetStringAsync("/api/reports"));
            }
            foreach (var name in new[] { "property-b", "staff2" })
            {
                Assert.Empty(await ReportsAsync(clients[name]));
                Assert.Equal(HttpStatusCode.Forbidden, (await clients[name].GetAsync($"/api/reports?placeId={TestWorld.CompoundA}")).StatusCode);
            }
            Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/reports?state=closed")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/reports?placeId=nowhere")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await controller.Anonymous().GetAsync("/api/reports")).StatusCode);
        }
        finally
        {
            foreach (var client in clients.Values)
            {
                client.Dispose();
            }
        }
    }
}
