using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using SignageKiosk.Shared.Reports;
using SignageKiosk.Shared.Sync;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// Reports:Limits (issue 15, docs/decisions/0030): per board, per phone, per building-and-unit and, on the phone page,
/// per network address. Each refusal names its limit and stores nothing; a retried key still gets its receipt.
/// </summary>
public sealed class ReportLimitTests
{
    private const string Phone = "13912345678";

    private static ResidentReport Report(string buildingId, string? unitId = null, string? phone = null) => new()
    {
        IdempotencyKey = Guid.NewGuid().ToString(),
        Category = ReportCategory.Repairs,
        BuildingId = buildingId,
        UnitId = unitId,
        Phrases = ["repairs.light"],
        Phone = phone,
        CreatedAt = DateTimeOffset.UtcNow,
    };

    private static async Task<int> CountAsync(HttpClient admin) => (await admin.GetFromJsonAsync<JsonObject>("/api/reports"))!["reports"]!.AsArray().Count;

    private static Task<ReportReceipt> SubmitAsync(KioskHubClient hub, ResidentReport report) =>
        hub.Connection.InvokeAsync<ReportReceipt>(SyncProtocol.SubmitReport, report);

    private static async Task RefusedAsync(KioskHubClient hub, ResidentReport report, string says, HttpClient admin)
    {
        var before = await CountAsync(admin);
        var e = await Assert.ThrowsAsync<HubException>(() => SubmitAsync(hub, report));
        Assert.Contains(says, e.Message);
        Assert.Equal(before, await CountAsync(admin));
    }

    [Fact]
    public async Task Each_limit_refuses_with_its_own_message_stores_nothing_and_a_retried_key_still_gets_its_receipt()
    {
        await using var controller = ControllerHost.Start("report-limits", settings: new()
        {
            ["Reports:Limits:PerKioskPerHour"] = "4",
            ["Reports:Limits:PerPhonePerDay"] = "2",
            ["Reports:Limits:PerAddressPerDay"] = "2",
            ["Reports:Limits:PerClientAddressPerHour"] = "3",
        });
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await admin.PostJsonAsync("/api/places", new { id = "b1-u1", kind = "unit", name = "1单元", parentId = "b1" });
        await admin.PostJsonAsync("/api/places", new { id = "b1-u2", kind = "unit", name = "2单元", parentId = "b1" });
        await using var kioskA = await KioskHubClient.ConnectAsync(controller.Url, world.Credentials[world.KioskA]);
        await using var kioskB = await KioskHubClient.ConnectAsync(controller.Url, world.Credentials[world.KioskB]);

        // Per phone (2 a day), whatever the building.
        var first = Report("a1", phone: Phone);
        var firstReceipt = await SubmitAsync(kioskA, first);
        await SubmitAsync(kioskA, Report("a2", phone: "139 1234 5678"));
        await RefusedAsync(kioskA, Report("a1", "a1-u1", phone: Phone), "同一联系电话一天内最多反映 2 次", admin);
        // The kiosk lost the first answer and sends again: its receipt, not a refusal.
        Assert.Equal(firstReceipt.Reference, (await SubmitAsync(kioskA, first)).Reference);

        // Per address: building a1 without a unit has had one; a second fills it; a third is refused. Its unit is another address.
        await SubmitAsync(kioskA, Report("a1"));
        await RefusedAsync(kioskA, Report("a1"), "同一楼栋单元一天内最多受理 2 条反映", admin);
        var fourth = Report("a1", "a1-u1");
        var fourthReceipt = await SubmitAsync(kioskA, fourth);

        // Per board (4 an hour): a1, a2, a1, a1-u1 are in; the fifth is refused, a retry of the fourth is not.
        await RefusedAsync(kioskA, Report("a2"), "这块屏一小时内最多受理 4 条反映", admin);
        Assert.Equal(fourthReceipt.Reference, (await SubmitAsync(kioskA, fourth)).Reference);
        Assert.Equal(4, await CountAsync(admin));

        // The phone page (one network address, 127.0.0.1): 3 an hour, through kiosk-b's code.
        using var phone = new PhonePageClient(controller.Url);
        var forms = new List<PhonePageClient.Served>();
        string? firstPhoneReference = null;
        foreach (var unit in new string?[] { null, "b1-u1", "b1-u2" })
        {
            var form = await phone.FormAsync(world.KioskB);
            forms.Add(form);
            using var filed = await phone.ReportAsync(world.KioskB, form, "b1", unit, phrases: "repairs.door");
            Assert.Equal(HttpStatusCode.OK, filed.StatusCode);
            firstPhoneReference ??= PhonePageClient.ReferenceIn(await filed.Content.ReadAsStringAsync());
        }
        Assert.Equal(7, await CountAsync(admin));
        using (var limited = await phone.ReportAsync(world.KioskB, await phone.FormAsync(world.KioskB), "b1", "b1-u1"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            var html = await limited.Content.ReadAsStringAsync();
            Assert.Contains("同一网络一小时内最多提交 3 条反映", html);
            Assert.Null(PhonePageClient.ReferenceIn(html));
        }
        Assert.Equal(7, await CountAsync(admin));
        // The first form posted again (a double tap, a reload): its reference, not a refusal.
        using (var again = await phone.ReportAsync(world.KioskB, forms[0], "b1", null, phrases: "repairs.door"))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Equal(firstPhoneReference, PhonePageClient.ReferenceIn(await again.Content.ReadAsStringAsync()));
        }
        Assert.Equal(7, await CountAsync(admin));
        Assert.Equal(3, await ReportRows.ScalarAsync(controller, "SELECT count(*) FROM reports WHERE source = 'phone' AND client_address = '127.0.0.1' AND kiosk_id = 'kiosk-b';"));

        // Phone-page reports do not use up kiosk-b's own budget; the phone limit counts both ways in.
        await SubmitAsync(kioskB, Report("b1", "b1-u1"));
        await RefusedAsync(kioskB, Report("b1", "b1-u2", phone: Phone), "同一联系电话", admin);
        Assert.Equal(8, await CountAsync(admin));
    }

    [Fact]
    public async Task The_phone_limit_counts_phone_page_reports_and_the_page_refuses_naming_it()
    {
        await using var controller = ControllerHost.Start("report-limits-phone", settings: new() { ["Reports:Limits:PerPhonePerDay"] = "1" });
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        using var phone = new PhonePageClient(controller.Url);
        using (var first = await phone.ReportAsync(world.KioskA, await phone.FormAsync(world.KioskA), "a1", phone: "139-1234-5678"))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            var html = await first.Content.ReadAsStringAsync();
            Assert.Contains("*******5678", html);
            Assert.DoesNotContain("1391234", html);
        }
        using (var second = await phone.ReportAsync(world.KioskA, await phone.FormAsync(world.KioskA), "a2", phone: Phone))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
            var html = await second.Content.ReadAsStringAsync();
            Assert.Contains("同一联系电话一天内最多反映 1 次", html);
            // The refused form keeps the choices but never the number.
            Assert.DoesNotContain("1391234", html);
            // (Not even masked: the key's GUID may hold any four digits, so look for the masked form.)
            Assert.DoesNotContain("*5678", html);
            Assert.Contains("value=\"a2\" checked", html);
        }
        await using var hub = await KioskHubClient.ConnectAsync(controller.Url, world.Credentials[world.KioskA]);
        await RefusedAsync(hub, Report("a2", phone: Phone), "同一联系电话一天内最多反映 1 次", admin);
        Assert.Equal(1, await CountAsync(admin));
    }
}
