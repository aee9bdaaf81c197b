using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.EndToEnd;

/// <summary>
/// 紧急通知 on three real kiosks in one compound, one of them cut off from the controller by a proxy: it shows on the
/// connected boards at once, the controller lists who displayed it, the cut-off kiosk shows it the moment it is back,
/// and clearing it returns every board to the panel it was on.
/// </summary>
[RunsFor(60)]
public sealed class EmergencyBroadcastTests
{
    private const string Compound = "compound-dangui";
    private static readonly Dictionary<string, string> Settings = new() { ["Kiosk:IdleSeconds"] = "600" };

    [Fact]
    public async Task A_broadcast_takes_over_the_compounds_boards_reaches_a_kiosk_when_it_reconnects_and_clears_back_to_the_panel()
    {
        await using var controller = ControllerHost.Start("broadcast-e2e", demo: true);
        var admin = await controller.AdminAsync();
        var b3 = (await admin.PostJsonAsync("/api/kiosks", new { id = "kiosk-b3", name = "3栋大堂屏", stationId = "station-dangui", placeId = "b3" }))["credential"]!.GetValue<string>();
        var b5 = (await admin.PostJsonAsync("/api/kiosks", new { id = "kiosk-b5", name = "5栋大堂屏", stationId = "station-dangui", placeId = "b5" }))["credential"]!.GetValue<string>();
        await using var proxy = new TcpProxy(controller.Port);
        await using var lobby = await KioskProcess.StartAsync("broadcast-lobby", controller.Url, controller.DemoKioskCredential("kiosk-lobby"), Settings);
        await using var building3 = await KioskProcess.StartAsync("broadcast-b3", controller.Url, b3, Settings);
        await using var building5 = await KioskProcess.StartAsync("broadcast-b5", proxy.Url, b5, Settings);
        var head = await admin.HeadAsync();
        foreach (var kiosk in new[] { lobby, building3, building5 })
        {
            await kiosk.WaitForSeqAsync(head);
        }

        var (playwright, browser) = await Browser.LeaseAsync();
        using var _ = playwright;
        await using var __ = browser;
        // Each resident left the board on a different panel.
        var boards = new[] { (lobby, Panel: "duty"), (building3, Panel: "notices"), (building5, Panel: "activities") };
        var pages = new Dictionary<KioskProcess, IPage>();
        foreach (var (kiosk, panel) in boards)
        {
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 }, HasTouch = true });
            await page.GotoAsync(kiosk.Url + "/");
            await page.WaitForFunctionAsync("() => window.signageBoard !== undefined");
            await page.Locator($".tile[data-target='{panel}']").TapAsync();
            await Assertions.Expect(page.Locator($"[data-screen='{panel}']")).ToBeVisibleAsync();
            pages[kiosk] = page;
        }

        proxy.Cut();
        await Eventually.Until(building5.HealthAsync, h => h["connected"]!.GetValue<bool>() == false, "kiosk-b5 to notice it is cut off");

        var now = DateTimeOffset.UtcNow;
        var sent = await admin.PostJsonAsync("/api/broadcasts", new
        {
            id = "gas-leak",
            title = "3栋燃气泄漏，请勿使用明火",
            body = "请立即打开门窗，不要开关电器，听从工作人员指挥撤离。",
            startsAt = now,
            endsAt = now.AddMinutes(30),
            target = new { placeId = Compound },
        });
        Assert.True(sent["seq"]!.GetValue<long>() > head);

        foreach (var kiosk in new[] { lobby, building3 })
        {
            var page = pages[kiosk];
            var overlay = page.Locator(".broadcast");
            await Assertions.Expect(overlay).ToBeVisibleAsync();
            await Assertions.Expect(overlay.Locator(".broadcast-title")).ToHaveTextAsync("3栋燃气泄漏，请勿使用明火");
            // Over everything: the element at the centre of the screen belongs to the broadcast.
            Assert.True(await page.EvaluateAsync<bool>("() => document.elementFromPoint(960, 540).closest('.broadcast') !== null"));
            // The largest type on the board.
            Assert.True(await page.EvaluateAsync<double>("() => parseFloat(getComputedStyle(document.querySelector('.broadcast-title')).fontSize)") >= 80);
            await page.WaitForFunctionAsync("() => window.signageBoard.stats.tones >= 1");
        }
        // The cut-off kiosk does not have it yet and still shows its panel.
        Assert.Equal(0, await pages[building5].Locator(".broadcast").CountAsync());
        await pages[lobby].ScreenshotAsync(new() { Path = Path.Combine(DemoBoard.Artifacts, "board-broadcast.png") });

        JsonObject status = await Eventually.Until(() => DisplaysAsync(admin, "gas-leak"), s => Displayed(s).SetEquals(["kiosk-lobby", "kiosk-b3"]),
            "the controller to list the two connected kiosks as displayed");
        Assert.Equal(3, status["total"]!.GetValue<int>());
        Assert.Null(Kiosk(status, "kiosk-b5")["displayedAt"]?.GetValue<DateTimeOffset?>());

        proxy.Restore();
        await Assertions.Expect(pages[building5].Locator(".broadcast")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Eventually.Until(() => DisplaysAsync(admin, "gas-leak"), s => Displayed(s).SetEquals(["kiosk-lobby", "kiosk-b3", "kiosk-b5"]),
            "the controller to list kiosk-b5 as displayed after it reconnected");

        await admin.PostJsonAsync("/api/broadcasts/gas-leak/clear", new { });
        foreach (var (kiosk, panel) in boards)
        {
            var page = pages[kiosk];
            await Assertions.Expect(page.Locator(".broadcast")).ToHaveCountAsync(0);
            await Assertions.Expect(page.Locator($"[data-screen='{panel}']")).ToBeVisibleAsync();
            Assert.Equal(panel, await page.EvaluateAsync<string>("() => window.signageBoard.state.screen"));
        }
    }

    [Fact]
    public async Task A_kiosk_that_comes_back_after_a_broadcast_was_cleared_never_shows_it()
    {
        await using var controller = ControllerHost.Start("broadcast-late", demo: true);
        var admin = await controller.AdminAsync();
        await using var proxy = new TcpProxy(controller.Port);
        await using var lobby = await KioskProcess.StartAsync("broadcast-late", proxy.Url, controller.DemoKioskCredential("kiosk-lobby"), Settings);
        await lobby.WaitForSeqAsync(await admin.HeadAsync());

        var (playwright, browser) = await Browser.LeaseAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
        await page.GotoAsync(lobby.Url + "/");
        await page.WaitForFunctionAsync("() => window.signageBoard !== undefined");
        // Count every broadcast the page ever renders, however briefly.
        await page.EvaluateAsync("""
            () => { window.broadcastsSeen = 0;
                    new MutationObserver(() => { if (document.querySelector('.broadcast')) window.broadcastsSeen++; })
                        .observe(document.getElementById('board'), { childList: true, subtree: true }); }
            """);

        proxy.Cut();
        await Eventually.Until(lobby.HealthAsync, h => h["connected"]!.GetValue<bool>() == false, "the kiosk to notice it is cut off");
        var now = DateTimeOffset.UtcNow;
        await admin.PostJsonAsync("/api/broadcasts", new
        {
            id = "water-main", title = "停水抢修", body = "水管爆裂，正在抢修。", startsAt = now, endsAt = now.AddHours(1), target = new { placeId = Compound },
        });
        await admin.PostJsonAsync("/api/broadcasts/water-main/clear", new { });
        // A notice after the clearing: once the page shows it, the page has rendered everything before it.
        await admin.PostJsonAsync("/api/notices", new { id = "after-clear", title = "抢修完毕，恢复供水", priority = "urgent", target = new { placeId = Compound } });

        proxy.Restore();
        await Assertions.Expect(page.Locator("[data-notice-id='after-clear']").First).ToBeAttachedAsync(new() { Timeout = 30_000 });
        Assert.Equal(0, await page.Locator(".broadcast").CountAsync());
        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.broadcastsSeen"));
        var status = await DisplaysAsync(admin, "water-main");
        Assert.Empty(Displayed(status));
        Assert.False(status["live"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Staff_send_from_the_page_watch_it_reach_the_board_live_and_clear_it()
    {
        await using var controller = ControllerHost.Start("broadcast-page", demo: true);
        var admin = await controller.AdminAsync();
        await using var lobby = await KioskProcess.StartAsync("broadcast-page", controller.Url, controller.DemoKioskCredential("kiosk-lobby"), Settings);
        await lobby.WaitForSeqAsync(await admin.HeadAsync());
        var (playwright, browser) = await Browser.LeaseAsync();
        using var _ = playwright;
        await using var __ = browser;
        var board = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
        await board.GotoAsync(lobby.Url + "/");
        await board.WaitForFunctionAsync("() => window.signageBoard !== undefined");

        var staff = await browser.SignInToStaffPagesAsync(controller.Url, "admin", ControllerHost.AdminPassword, 1500, 1100);
        await staff.GotoAsync(controller.Url + "/admin/broadcasts");
        // Refused first: no title. The Chinese message sits by the field and nothing is sent.
        await staff.ChoosePlaceAsync("TargetPlaceId", "丹桂苑", "丹桂苑小区");
        await staff.ClickAsync("#send-broadcast button[type=submit]");
        await Assertions.Expect(staff.Locator("[data-error-for='title']")).ToHaveTextAsync("此项必填");
        Assert.Equal(0, await board.Locator(".broadcast").CountAsync());

        // Read aloud after the tone: the board asks the kiosk's speech service for the broadcast's words.
        var readAloud = board.WaitForRequestAsync(r => r.Url.EndsWith("/speech") && (r.PostData ?? "").Contains("暴雨红色预警，请勿外出"), new() { Timeout = 20_000 });
        await staff.FillAsync("#Title", "暴雨红色预警，请勿外出");
        await staff.FillAsync("#Body", "地下车库已关闭，请将车辆移至地面。");
        // The refused form kept the place chosen.
        await Assertions.Expect(staff.Locator("#picker-TargetPlaceId input[name=TargetPlaceId]")).ToHaveValueAsync(Compound);
        await staff.SelectOptionAsync("#Minutes", "60");
        await staff.ClickAsync("#send-broadcast button[type=submit]");
        await Assertions.Expect(staff.Locator(".notice-banner.ok")).ToContainTextAsync("紧急通知已发出");
        await Assertions.Expect(board.Locator(".broadcast .broadcast-title")).ToHaveTextAsync("暴雨红色预警，请勿外出");
        Assert.Contains("地下车库已关闭", (await readAloud).PostData);
        // The staff page follows without a reload.
        await Assertions.Expect(staff.Locator("#broadcast-kiosks tr[data-kiosk-id='kiosk-lobby']")).ToHaveAttributeAsync("data-displayed", "1", new() { Timeout = 15_000 });
        await Assertions.Expect(staff.Locator("#broadcast-count")).ToHaveTextAsync("已显示 1 / 1 块屏");
        await staff.ScreenshotAsync(new() { Path = Path.Combine(DemoBoard.Artifacts, "admin-broadcast.png"), FullPage = true });

        await staff.ClickAsync("#clear-broadcast");
        await Assertions.Expect(staff.Locator(".notice-banner.ok")).ToContainTextAsync("紧急通知已解除");
        await Assertions.Expect(board.Locator(".broadcast")).ToHaveCountAsync(0);
        await Assertions.Expect(board.Locator("[data-screen='home']")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Only_staff_with_the_right_send_or_clear_a_broadcast_and_a_kiosk_cannot_claim_one_it_does_not_receive()
    {
        await using var controller = ControllerHost.Start("broadcast-rights", demo: false);
        var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        var now = DateTimeOffset.UtcNow;
        object Broadcast(string id, string placeId) => new { id, title = "紧急通知", startsAt = now, endsAt = now.AddHours(1), target = new { placeId } };

        await admin.PostJsonAsync("/api/users", new { username = "pm", password = "property-manager-1", role = "propertyManager", scopePlaceId = TestWorld.CompoundA, mustChangePassword = false });
        await admin.PostJsonAsync("/api/users", new { username = "master", password = "station-master-1", role = "stationMaster", scopePlaceId = TestWorld.CompoundA, mustChangePassword = false });
        // Community staff of another community.
        await admin.PostJsonAsync("/api/places", new { id = "c2", kind = "community", name = "和平里社区", parentId = "street" });
        await admin.PostJsonAsync("/api/users", new { username = "staff-b", password = "community-staff-b", role = "communityStaff", scopePlaceId = "c2", mustChangePassword = false });
        foreach (var (user, password) in new[] { ("pm", "property-manager-1"), ("master", "station-master-1") })
        {
            var client = await controller.SignInAsync(user, password);
            Assert.Equal(403, await StatusAsync(client, HttpMethod.Post, "/api/broadcasts", Broadcast("b-" + user, TestWorld.CompoundA)));
        }
        var staffB = await controller.SignInAsync("staff-b", "community-staff-b");
        Assert.Equal(403, await StatusAsync(staffB, HttpMethod.Post, "/api/broadcasts", Broadcast("b-out", TestWorld.CompoundA)));
        await staffB.PostJsonAsync("/api/broadcasts", Broadcast("b-c2", "c2"));
        await admin.PostJsonAsync("/api/broadcasts", Broadcast("b-a", TestWorld.CompoundA));
        await admin.PostJsonAsync("/api/broadcasts", Broadcast("b-b", TestWorld.CompoundB));
        Assert.Equal(404, await StatusAsync(staffB, HttpMethod.Post, "/api/broadcasts/b-a/clear", new { }));
        // Bad input: no end, end before start, a kiosk as target, longer than three days.
        foreach (var bad in new object[]
        {
            new { id = "x1", title = "t", startsAt = now, target = new { placeId = TestWorld.CompoundA } },
            new { id = "x2", title = "t", startsAt = now, endsAt = now.AddMinutes(-1), target = new { placeId = TestWorld.CompoundA } },
            new { id = "x3", title = "t", startsAt = now, endsAt = now.AddHours(1), target = new { kioskId = world.KioskA } },
            new { id = "x4", title = "t", startsAt = now, endsAt = now.AddDays(4), target = new { placeId = TestWorld.CompoundA } },
        })
        {
            Assert.Equal(400, await StatusAsync(admin, HttpMethod.Post, "/api/broadcasts", bad));
        }
        var list = JsonNode.Parse(await admin.GetStringAsync("/api/broadcasts?limit=200"))!["items"]!.AsArray();
        Assert.Equal(["b-a", "b-b", "b-c2"], list.Select(b => b!["id"]!.GetValue<string>()).Order().ToArray());

        // A kiosk of compound B claiming compound A's broadcast is refused and nothing is recorded.
        await using var hub = await KioskHubClient.ConnectAsync(controller.Url, world.Credentials["kiosk-b"]);
        await Assert.ThrowsAnyAsync<Exception>(() => hub.Connection.InvokeAsync("BroadcastDisplayed", "b-a", now));
        await Assert.ThrowsAnyAsync<Exception>(() => hub.Connection.InvokeAsync("BroadcastDisplayed", new string('x', 500), now));
        await hub.Connection.InvokeAsync("BroadcastDisplayed", "b-b", now);
        Assert.Empty(Displayed(await DisplaysAsync(admin, "b-a")));
        Assert.Equal(["kiosk-b"], Displayed(await DisplaysAsync(admin, "b-b")));
    }

    private static async Task<int> StatusAsync(HttpClient client, HttpMethod method, string path, object body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        using var response = await client.SendAsync(request);
        return (int)response.StatusCode;
    }

    private static async Task<JsonObject> DisplaysAsync(HttpClient admin, string id) =>
        JsonNode.Parse(await admin.GetStringAsync($"/api/broadcasts/{id}/displays"))!.AsObject();

    private static HashSet<string> Displayed(JsonObject status) =>
        status["kiosks"]!.AsArray().Where(k => k!["displayedAt"] is not null).Select(k => k!["id"]!.GetValue<string>()).ToHashSet();

    private static JsonObject Kiosk(JsonObject status, string id) =>
        status["kiosks"]!.AsArray().Single(k => k!["id"]!.GetValue<string>() == id)!.AsObject();
}
