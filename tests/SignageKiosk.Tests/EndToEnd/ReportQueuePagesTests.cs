using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using SignageKiosk.Shared.Reports;
using SignageKiosk.Shared.Sync;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.EndToEnd;

/// <summary>
/// 居民反映 in Chromium: community staff open the queue (an overdue report says so in words), filter it, open a report
/// with its phone masked, are refused plainly for a decline without a reason, assign it, start and resolve it with a
/// reply; the assignee sees the whole phone. Screenshots: docs/images/report-queue.png and report-detail.png.
/// </summary>
public sealed class ReportQueuePagesTests
{
    private const string Phone = "13912345678";
    private const string Password = "a-long-password";

    [Fact]
    public async Task Staff_open_the_queue_assign_and_resolve_a_report_in_chromium()
    {
        // A safety hazard is overdue a moment after it arrives; repairs keep their three days.
        await using var controller = ControllerHost.Start("report-queue-pages", settings: new() { ["Reports:TimeLimits:safetyHazard"] = "00:00:00.100" });
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        var users = new Dictionary<string, long>();
        foreach (var (name, role, scope) in new[] { ("shequ-wang", "communityStaff", TestWorld.Community), ("wuye-li", "propertyManager", TestWorld.CompoundA) })
        {
            users[name] = (await admin.PostJsonAsync("/api/users", new { username = name, password = Password, role, scopePlaceId = scope, mustChangePassword = false }))["id"]!.GetValue<long>();
        }
        string repair, hazard;
        await using (var hub = await KioskHubClient.ConnectAsync(controller.Url, world.Credentials[world.KioskA]))
        {
            repair = (await hub.Connection.InvokeAsync<ReportReceipt>(SyncProtocol.SubmitReport, new ResidentReport
            {
                IdempotencyKey = Guid.NewGuid().ToString(), Category = ReportCategory.Repairs, BuildingId = TestWorld.BuildingA1, UnitId = "a1-u1",
                Phrases = ["repairs.lift", "repairs.light"], Phone = Phone, CreatedAt = DateTimeOffset.UtcNow,
            })).Reference;
            hazard = (await hub.Connection.InvokeAsync<ReportReceipt>(SyncProtocol.SubmitReport, new ResidentReport
            {
                IdempotencyKey = Guid.NewGuid().ToString(), Category = ReportCategory.SafetyHazard, BuildingId = "a2",
                Phrases = ["safety.ebike"], CreatedAt = DateTimeOffset.UtcNow,
            })).Reference;
        }
        await Eventually.Until(() => admin.GetFromJsonAsync<JsonObject>("/api/reports?overdue=true"), r => r!["total"]!.GetValue<long>() == 1, "the hazard to be overdue");

        var (playwright, chromium) = await Browser.LeaseAsync();
        try
        {
            var page = await chromium.SignInToStaffPagesAsync(controller.Url, "shequ-wang", Password, 1400, 900);
            await page.ClickAsync("header nav a[href='/admin/reports']");
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("居民反映");
            var rows = page.Locator("table.reports tbody tr");
            await Assertions.Expect(rows).ToHaveCountAsync(2);
            var hazardRow = page.Locator($"tr[data-reference='{hazard}']");
            await Assertions.Expect(hazardRow).ToContainTextAsync("⚠ 已超期");
            await Assertions.Expect(hazardRow).ToContainTextAsync("安全隐患");
            await Assertions.Expect(hazardRow).ToContainTextAsync("电动车楼道充电");
            var repairRow = page.Locator($"tr[data-reference='{repair}']");
            await Assertions.Expect(repairRow).Not.ToContainTextAsync("已超期");
            await Assertions.Expect(repairRow).ToContainTextAsync("1栋 1单元");
            await Assertions.Expect(repairRow).ToContainTextAsync("电梯故障、楼道灯不亮");
            await Assertions.Expect(repairRow).ToContainTextAsync("未派单");
            // The phone is on no list row.
            Assert.DoesNotContain("5678", await page.Locator("table.reports").InnerTextAsync());
            await page.ScreenshotAsync(new() { Path = Path.Combine(Repo.Root, "docs", "images", "report-queue.png"), FullPage = true });

            await page.CheckAsync("input[name=overdue]");
            await page.ClickAsync("form.report-filters button.primary");
            await Assertions.Expect(rows).ToHaveCountAsync(1);
            await Assertions.Expect(rows.First).ToHaveAttributeAsync("data-reference", hazard);
            await page.UncheckAsync("input[name=overdue]");
            await page.SelectOptionAsync("select[name=category]", "repairs");
            await page.ClickAsync("form.report-filters button.primary");
            await Assertions.Expect(rows).ToHaveCountAsync(1);
            // By compound: both reports are about compound A's buildings, none about B's.
            await page.SelectOptionAsync("select[name=category]", "");
            // The place picker (decision 0035): type a name, choose the match.
            await page.FillAsync("#picker-placeId-q", "银杏苑");
            await page.Locator("#picker-placeId button.picker-option", new() { HasText = "银杏苑" }).ClickAsync();
            await page.ClickAsync("form.report-filters button.primary");
            await Assertions.Expect(page.Locator("[data-total]")).ToHaveAttributeAsync("data-total", "0");
            await page.FillAsync("#picker-placeId-q", "丹桂苑");
            await page.Locator("#picker-placeId button.picker-option", new() { HasText = "丹桂苑" }).ClickAsync();
            await Assertions.Expect(page.Locator("#picker-placeId [data-picker-chosen]")).ToContainTextAsync("丹桂苑");
            await page.SelectOptionAsync("select[name=category]", "repairs");
            await page.ClickAsync("form.report-filters button.primary");
            await Assertions.Expect(rows).ToHaveCountAsync(1);
            await Assertions.Expect(rows.First).ToHaveAttributeAsync("data-reference", repair);

            await page.ClickAsync($"a[href='/admin/reports/{repair}']");
            await Assertions.Expect(page.Locator("[data-state]")).ToHaveTextAsync("已受理");
            await Assertions.Expect(page.Locator("[data-phone]")).ToContainTextAsync("*******5678");
            await Assertions.Expect(page.Locator("[data-phrases]")).ToHaveTextAsync("电梯故障、楼道灯不亮");

            // Declining without a reason: said plainly, nothing changes.
            await page.ClickAsync("button[data-move=declined]");
            await Assertions.Expect(page.Locator("[data-problem]")).ToHaveTextAsync("不予受理时请填写原因");
            await Assertions.Expect(page.Locator("[data-state]")).ToHaveTextAsync("已受理");
            Assert.Equal("received", (await admin.GetFromJsonAsync<JsonObject>($"/api/reports/{repair}"))!["report"]!["state"]!.GetValue<string>());

            await page.SelectOptionAsync("#userId", users["wuye-li"].ToString(System.Globalization.CultureInfo.InvariantCulture));
            await page.ClickAsync("form.report-assign button.primary");
            await Assertions.Expect(page.Locator(".notice-banner.ok")).ToHaveTextAsync("已派单。");
            await Assertions.Expect(page.Locator("[data-assignee]")).ToHaveTextAsync("wuye-li");
            await Assertions.Expect(page.Locator("[data-state]")).ToHaveTextAsync("已派单");

            await page.FillAsync("#moveNote", "已通知电梯维保单位");
            await page.ClickAsync("button[data-move=inProgress]");
            await Assertions.Expect(page.Locator("[data-state]")).ToHaveTextAsync("处理中");
            await page.ClickAsync("button[data-move=resolved]");
            await Assertions.Expect(page.Locator("[data-problem]")).ToHaveTextAsync("办结时请填写给居民的答复");
            await page.FillAsync("#reply", "电梯已于今日修复，楼道灯已更换。感谢您的反映！");
            await page.ClickAsync("button[data-move=resolved]");
            await Assertions.Expect(page.Locator(".notice-banner.ok")).ToHaveTextAsync("状态已更新。");
            await Assertions.Expect(page.Locator("[data-state]")).ToHaveTextAsync("已办结");
            await Assertions.Expect(page.Locator("[data-reply]")).ToHaveTextAsync("电梯已于今日修复，楼道灯已更换。感谢您的反映！");
            var history = page.Locator(".report-history li");
            await Assertions.Expect(history).ToHaveCountAsync(5);
            await Assertions.Expect(history.Nth(1)).ToContainTextAsync("派单给 wuye-li");
            await Assertions.Expect(history.Nth(3)).ToContainTextAsync("备注：已通知电梯维保单位");
            await Assertions.Expect(page.Locator("button[data-move]")).ToHaveCountAsync(0);
            await page.ScreenshotAsync(new() { Path = Path.Combine(Repo.Root, "docs", "images", "report-detail.png"), FullPage = true });
            await page.Context.CloseAsync();

            // The assignee sees the whole number on the page.
            var assignee = await chromium.SignInToStaffPagesAsync(controller.Url, "wuye-li", Password);
            await assignee.GotoAsync(controller.Url + $"/admin/reports/{repair}");
            await Assertions.Expect(assignee.Locator("[data-phone]")).ToHaveTextAsync(Phone);
            await assignee.GotoAsync(controller.Url + "/admin/reports?mine=true");
            await Assertions.Expect(assignee.Locator("table.reports tbody tr")).ToHaveCountAsync(1);
            var missing = await assignee.Context.APIRequest.GetAsync(controller.Url + "/admin/reports/R20000101-0001");
            Assert.Equal(404, missing.Status);
            // A form post without the antiforgery token is refused and adds nothing.
            var form = assignee.Context.APIRequest.CreateFormData();
            form.Set("note", "伪造的备注");
            var forged = await assignee.Context.APIRequest.PostAsync(controller.Url + $"/admin/reports/{repair}?handler=Note", new() { Form = form });
            Assert.Equal(400, forged.Status);
            Assert.DoesNotContain("伪造的备注", (await admin.GetStringAsync($"/api/reports/{repair}")));
            await assignee.Context.CloseAsync();
        }
        finally
        {
            await chromium.DisposeAsync();
            playwright.Dispose();
        }
    }
}
