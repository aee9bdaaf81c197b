using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Shared.ProofOfDisplay;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// Proof of display end to end: a notice on a real board in Chromium is counted by the real kiosk host, survives
/// its restarts and outages, reaches the controller, and staff get a yes or a no for a place and a time.
/// </summary>
[RunsFor(35)]
public sealed class ProofOfDisplayTests
{
    /// <summary>Count, write and upload every second (defaults: 5 s and 3 minutes) so the test need not wait.</summary>
    private static readonly Dictionary<string, string> Quick = new()
    {
        ["Display:FlushInterval"] = "00:00:01",
        ["Display:UploadInterval"] = "00:00:01",
    };

    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private static string Iso(DateTimeOffset instant) => Uri.EscapeDataString(instant.ToString("O", CultureInfo.InvariantCulture));

    private static string Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Shanghai).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    private static Task<JsonObject> ProofAsync(HttpClient staff, string noticeId, string placeId, DateTimeOffset from, DateTimeOffset to) =>
        staff.GetFromJsonAsync<JsonObject>($"/api/proof?noticeId={noticeId}&placeId={placeId}&from={Iso(from)}&to={Iso(to)}")!;

    private static async Task<JsonObject> LocalDisplayAsync(KioskProcess kiosk)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        return (await client.GetFromJsonAsync<JsonObject>(kiosk.Url + "/display"))!;
    }

    /// <summary>The kiosk's own count for a notice (all hours): seconds shown and seconds the controller confirmed.</summary>
    private static async Task<(int Seconds, int Sent)> CountedAsync(KioskProcess kiosk, string noticeId)
    {
        var hours = (await LocalDisplayAsync(kiosk))["hours"]!.AsArray().Where(h => h!["noticeId"]!.GetValue<string>() == noticeId).ToList();
        return (hours.Sum(h => h!["seconds"]!.GetValue<int>()), hours.Sum(h => h!["sentSeconds"]!.GetValue<int>()));
    }

    private static async Task<IPage> OpenNoticeAsync(IBrowser browser, KioskProcess kiosk, string noticeId)
    {
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
        await page.GotoAsync(kiosk.Url + "/");
        await page.Locator(".tile-notices").ClickAsync();
        await page.Locator($".notice-list [data-notice-id='{noticeId}']").ClickAsync();
        // The detail is all there is: the one notice is what the board says is on screen.
        Assert.Equal([noticeId], await page.EvaluateAsync<string[]>("() => signageBoard.visibleNotices()"));
        return page;
    }

    [Fact]
    public async Task A_notice_on_screen_is_counted_uploaded_and_answered_yes_for_its_place_and_no_elsewhere()
    {
        await using var controller = ControllerHost.Start("proof");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await admin.PublishAsync("notices", TestWorld.Notice("n-water", "1栋停水通知", TestWorld.CompoundA));
        await admin.PublishAsync("notices", TestWorld.Notice("n-fee", "物业费缴费通知", TestWorld.CompoundA));
        var seq = await admin.PublishAsync("notices", TestWorld.Notice("n-other", "银杏苑通知", TestWorld.CompoundB));
        await using var kiosk = await KioskProcess.StartAsync("proof-a1", controller.Url, world.Credentials[world.KioskLobbyA1], Quick);
        await kiosk.WaitForSeqAsync(seq);

        var (playwright, browser) = await Browser.LeaseAsync();
        using var _ = playwright;
        await using var __ = browser;
        var started = DateTimeOffset.UtcNow;
        var page = await OpenNoticeAsync(browser, kiosk, "n-water");
        // What an overlay covers is not on screen.
        await page.Locator("[data-action=a11y]").First.ClickAsync();
        Assert.Empty(await page.EvaluateAsync<string[]>("() => signageBoard.visibleNotices()"));
        await page.Locator("[data-overlay=a11y] [data-action=close]").ClickAsync();
        Assert.Equal(["n-water"], await page.EvaluateAsync<string[]>("() => signageBoard.visibleNotices()"));
        // Nor is anything under an emergency broadcast.
        await admin.PostJsonAsync("/api/broadcasts", new
        {
            id = "gas-leak", title = "燃气泄漏，请勿使用明火", startsAt = DateTimeOffset.UtcNow, endsAt = DateTimeOffset.UtcNow.AddMinutes(30),
            target = new { placeId = TestWorld.CompoundA },
        });
        await Assertions.Expect(page.Locator(".broadcast")).ToBeVisibleAsync();
        Assert.Empty(await page.EvaluateAsync<string[]>("() => signageBoard.visibleNotices()"));
        await admin.PostJsonAsync("/api/broadcasts/gas-leak/clear", new { });
        await Assertions.Expect(page.Locator(".broadcast")).ToHaveCountAsync(0);
        Assert.Equal(["n-water"], await page.EvaluateAsync<string[]>("() => signageBoard.visibleNotices()"));
        var counted = await Eventually.Until(() => CountedAsync(kiosk, "n-water"), c => c.Seconds >= 3 && c.Sent >= 3,
            "the kiosk to count a few seconds of n-water and upload them\n" + kiosk.Output);
        await page.CloseAsync();
        // Settled first: a second counted just before the page closed and uploaded between two of the reads below made
        // their totals differ (3 against 4) on a busy machine.
        counted = await Eventually.Until(() => CountedAsync(kiosk, "n-water"), c => c.Sent == c.Seconds,
            "the kiosk to upload every second it counted\n" + kiosk.Output);
        var ended = DateTimeOffset.UtcNow;

        // Yes, for the building the lobby screen stands in and for the compound around it.
        var yes = await ProofAsync(admin, "n-water", TestWorld.BuildingA1, started.AddHours(-1), ended.AddHours(1));
        Assert.True(yes["shown"]!.GetValue<bool>(), yes.ToJsonString());
        Assert.Equal("1栋停水通知", yes["noticeTitle"]!.GetValue<string>());
        var screen = Assert.Single(yes["kiosks"]!["items"]!.AsArray())!;
        Assert.Equal("kiosk-a1", screen["kioskId"]!.GetValue<string>());
        Assert.Equal("1栋大堂屏", screen["name"]!.GetValue<string>());
        Assert.Equal("1栋", screen["placeName"]!.GetValue<string>());
        Assert.Equal("Asia/Shanghai", screen["timeZone"]!.GetValue<string>());
        Assert.True(screen["totalSeconds"]!.GetValue<int>() >= counted.Sent);
        Assert.Equal(screen["totalSeconds"]!.GetValue<int>(), yes["totalSeconds"]!.GetValue<int>());
        Assert.All(screen["hours"]!.AsArray(), h => Assert.True(DisplayHours.IsWholeHour(DateTimeOffset.Parse(h!["hour"]!.GetValue<string>(), CultureInfo.InvariantCulture))));
        var compound = await ProofAsync(admin, "n-water", TestWorld.CompoundA, started.AddHours(-1), ended.AddHours(1));
        Assert.True(compound["shown"]!.GetValue<bool>());
        Assert.Equal(["kiosk-a", "kiosk-a1"], compound["kiosks"]!["items"]!.AsArray().Select(k => k!["kioskId"]!.GetValue<string>()).Order());
        Assert.False(compound["kiosks"]!["items"]!.AsArray().Single(k => k!["kioskId"]!.GetValue<string>() == "kiosk-a")!["shown"]!.GetValue<bool>());
        // The screens page (decision 0036): the one that showed it first, the total and the shown count over every screen.
        var firstScreen = (await admin.GetFromJsonAsync<JsonObject>($"/api/proof?noticeId=n-water&placeId={TestWorld.CompoundA}&from={Iso(started.AddHours(-1))}&to={Iso(ended.AddHours(1))}&limit=1"))!;
        Assert.Equal(2, firstScreen["kiosks"]!["total"]!.GetValue<long>());
        Assert.Equal(["kiosk-a1"], firstScreen["kiosks"]!["items"]!.AsArray().Select(k => k!["kioskId"]!.GetValue<string>()));
        Assert.NotNull(firstScreen["kiosks"]!["nextCursor"]);
        Assert.Equal(1, firstScreen["screensShown"]!.GetValue<int>());
        Assert.Equal(compound["totalSeconds"]!.GetValue<int>(), firstScreen["totalSeconds"]!.GetValue<int>());
        var found = (await admin.GetFromJsonAsync<JsonObject>($"/api/proof?noticeId=n-water&placeId={TestWorld.CompoundA}&from={Iso(started.AddHours(-1))}&to={Iso(ended.AddHours(1))}&q=KIOSK-A1"))!;
        Assert.Equal(["kiosk-a1"], found["kiosks"]!["items"]!.AsArray().Select(k => k!["kioskId"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/proof?noticeId=n-water&limit=0")).StatusCode);

        // No: another place, a time before it was shown, a notice that was never on this screen.
        var elsewhere = await ProofAsync(admin, "n-water", TestWorld.CompoundB, started.AddHours(-1), ended.AddHours(1));
        Assert.False(elsewhere["shown"]!.GetValue<bool>());
        Assert.Equal(["kiosk-b"], elsewhere["kiosks"]!["items"]!.AsArray().Select(k => k!["kioskId"]!.GetValue<string>()));
        var yesterday = await ProofAsync(admin, "n-water", TestWorld.BuildingA1, started.AddDays(-1).AddHours(-4), started.AddDays(-1));
        Assert.False(yesterday["shown"]!.GetValue<bool>());
        Assert.Equal(0, yesterday["totalSeconds"]!.GetValue<int>());
        Assert.False((await ProofAsync(admin, "n-other", TestWorld.BuildingA1, started.AddHours(-1), ended.AddHours(1)))["shown"]!.GetValue<bool>());

        // Staff ask only about their own area; bad questions are refused plainly.
        await admin.PostJsonAsync("/api/users", new { username = "master-b", password = "master-pw-1", role = "stationMaster", scopePlaceId = TestWorld.CompoundB, mustChangePassword = false });
        using var master = await controller.SignInAsync("master-b", "master-pw-1");
        Assert.Equal(HttpStatusCode.Forbidden, (await master.GetAsync($"/api/proof?noticeId=n-water&placeId={TestWorld.BuildingA1}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await master.GetAsync($"/api/proof?noticeId=n-water&placeId={TestWorld.Community}")).StatusCode);
        var own = (await master.GetFromJsonAsync<JsonObject>($"/api/proof?noticeId=n-water&from={Iso(started.AddHours(-1))}&to={Iso(ended.AddHours(1))}"))!;
        Assert.Equal(TestWorld.CompoundB, own["placeId"]!.GetValue<string>());
        Assert.False(own["shown"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync($"/api/proof?placeId={TestWorld.BuildingA1}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync($"/api/proof?noticeId=n-water&from={Iso(ended)}&to={Iso(started)}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/proof?noticeId=n-water&from=yesterday")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/proof?noticeId=n-water&placeId=nowhere")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await controller.Anonymous().GetAsync("/api/proof?noticeId=n-water")).StatusCode);

        // The staff page says it in one line, in the station's time.
        using var pages = new StaffBrowserClient(controller.Url);
        await pages.SignInAsync("admin", ControllerHost.AdminPassword);
        var range = $"from={Local(started.AddHours(-1))}&to={Local(ended.AddHours(1))}";
        var answer = await (await pages.GetAsync($"/admin/proof?notice=n-water&place={TestWorld.BuildingA1}&{range}")).Content.ReadAsStringAsync();
        var firstHour = TimeZoneInfo.ConvertTime(DateTimeOffset.Parse(screen["firstShown"]!.GetValue<string>(), CultureInfo.InvariantCulture), Shanghai);
        Assert.Contains("是：1栋大堂屏 显示了 ", answer);
        Assert.Contains($"（{firstHour:HH}:00–", answer);
        Assert.Contains("data-answer=\"yes\"", answer);
        var no = await (await pages.GetAsync($"/admin/proof?notice=n-water&place={TestWorld.CompoundB}&{range}")).Content.ReadAsStringAsync();
        Assert.Contains("否：该时段内未显示", no);
        Assert.Contains("data-answer=\"no\"", no);
        using var masterPages = new StaffBrowserClient(controller.Url);
        await masterPages.SignInAsync("master-b", "master-pw-1");
        var refused = await masterPages.GetAsync($"/admin/proof?notice=n-water&place={TestWorld.BuildingA1}&{range}");
        Assert.True(refused.StatusCode == HttpStatusCode.Forbidden
            || (refused.StatusCode == HttpStatusCode.Redirect && refused.Headers.Location!.ToString().Contains("/admin/denied", StringComparison.OrdinalIgnoreCase)),
            $"a station master of compound B asked about building A1 and got {refused.StatusCode}");
    }

    [Fact]
    public async Task Counted_hours_survive_a_kiosk_restart_while_the_controller_is_down_and_upload_when_it_returns()
    {
        await using var controller = ControllerHost.Start("proof-outage");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        var seq = await admin.PublishAsync("notices", TestWorld.Notice("n-water", "停水通知", TestWorld.CompoundA));
        await using var kiosk = await KioskProcess.StartAsync("proof-outage", controller.Url, world.Credentials[world.KioskA], Quick);
        await kiosk.WaitForSeqAsync(seq);
        var started = DateTimeOffset.UtcNow;
        await controller.StopAsync();

        var (playwright, browser) = await Browser.LeaseAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await OpenNoticeAsync(browser, kiosk, "n-water");
        await Eventually.Until(() => CountedAsync(kiosk, "n-water"), c => c.Seconds >= 3, "the kiosk to count n-water offline\n" + kiosk.Output);

        // A dark screen shows nothing, whatever the page says: the count stands still until the screen is back on.
        using (var local = new HttpClient())
        {
            (await local.PutAsJsonAsync(kiosk.Url + "/screen", new { off = true })).EnsureSuccessStatusCode();
            var dark = await CountedAsync(kiosk, "n-water");
            await Task.Delay(2500);   // the page reports and the host writes every second meanwhile
            Assert.Equal(dark.Seconds, (await CountedAsync(kiosk, "n-water")).Seconds);
            (await local.PutAsJsonAsync(kiosk.Url + "/screen", new { off = false })).EnsureSuccessStatusCode();
            await Eventually.Until(() => CountedAsync(kiosk, "n-water"), c => c.Seconds > dark.Seconds, "the count to go on with the screen on again");
        }
        await page.CloseAsync();
        var before = await CountedAsync(kiosk, "n-water");
        Assert.Equal(0, before.Sent);

        // A power cut, and the kiosk comes back while the controller is still away: the hours are still there.
        await kiosk.RestartAsync();
        var after = await CountedAsync(kiosk, "n-water");
        Assert.True(after.Seconds >= before.Seconds, $"{after.Seconds} s after the restart, {before.Seconds} s before");
        Assert.Equal(0, after.Sent);

        // The controller returns: the kiosk uploads what it kept, and marks it sent only now.
        controller.Start();
        var uploaded = await Eventually.Until(() => CountedAsync(kiosk, "n-water"), c => c.Sent > 0 && c.Sent == c.Seconds,
            "the kiosk to upload its hours after the controller returned\n" + kiosk.Output);
        var proof = await ProofAsync(admin, "n-water", TestWorld.CompoundA, started.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1));
        Assert.True(proof["shown"]!.GetValue<bool>());
        var screen = proof["kiosks"]!["items"]!.AsArray().Single(k => k!["kioskId"]!.GetValue<string>() == world.KioskA)!;
        Assert.Equal(uploaded.Seconds, screen["totalSeconds"]!.GetValue<int>());
        Assert.True(uploaded.Seconds >= before.Seconds);
    }

    private static JsonObject Report(params (string NoticeId, DateTimeOffset Hour, int Seconds)[] records) =>
        new() { ["records"] = new JsonArray(records.Select(r => (JsonNode)new JsonObject { ["noticeId"] = r.NoticeId, ["hour"] = r.Hour.ToString("O", CultureInfo.InvariantCulture), ["seconds"] = r.Seconds }).ToArray()) };

    [Fact]
    public async Task Bad_uploads_are_refused_whole_and_store_nothing_and_good_ones_keep_the_largest_count()
    {
        await using var controller = ControllerHost.Start("proof-hub");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await admin.PublishAsync("notices", TestWorld.Notice("n-good", "银杏苑通知", TestWorld.CompoundB));
        var hour = DisplayHours.HourOf(DateTimeOffset.UtcNow).AddHours(-1);
        await using var hub = await RawHubClient.ConnectAsync(controller.Url, world.Credentials[world.KioskB]);

        Assert.Contains("Hello", (await hub.InvokeAsync("ReportDisplay", Report(("n-good", hour, 60))))["error"]!.GetValue<string>());
        Assert.Null((await hub.HelloAsync())["error"]);

        var bad = new (string Why, JsonNode? Report)[]
        {
            ("not a whole hour", Report(("n-good", hour, 60), ("n-bad", hour.AddMinutes(30), 60))),
            ("more than an hour", Report(("n-good", hour, 60), ("n-bad", hour, 3601))),
            ("negative", Report(("n-good", hour, 60), ("n-bad", hour, -1))),
            ("far future", Report(("n-good", hour, 60), ("n-bad", hour.AddDays(3), 60))),
            ("no notice id", Report(("n-good", hour, 60), ("", hour, 60))),
            ("too many", Report(Enumerable.Range(0, DisplayRules.MaxRecords + 1).Select(i => ($"n-{i}", hour, 1)).ToArray())),
            ("no records", new JsonObject()),
            ("null", null),
        };
        foreach (var (why, report) in bad)
        {
            var reply = await hub.InvokeAsync("ReportDisplay", report);
            Assert.True(reply["error"] is not null, $"{why}: accepted {reply.ToJsonString()}");
        }
        await using (var connection = await controller.Services.GetRequiredService<ControllerDb>().OpenAsync(CancellationToken.None))
        await using (var count = connection.CreateCommand())
        {
            count.CommandText = "SELECT count(*) FROM display_proof;";
            Assert.Equal(0L, (long)(await count.ExecuteScalarAsync())!);
        }

        // Running totals: a late, smaller resend never lowers what is stored; a larger one raises it.
        async Task<int> StoredAsync() =>
            (await ProofAsync(admin, "n-good", TestWorld.CompoundB, hour, hour.AddHours(1)))["totalSeconds"]!.GetValue<int>();
        Assert.Equal(2, (await hub.InvokeAsync("ReportDisplay", Report(("n-good", hour, 100), ("n-good", hour.AddHours(-1), 5))))["result"]!["stored"]!.GetValue<int>());
        Assert.Equal(100, await StoredAsync());
        await hub.InvokeAsync("ReportDisplay", Report(("n-good", hour, 50)));
        Assert.Equal(100, await StoredAsync());
        await hub.InvokeAsync("ReportDisplay", Report(("n-good", hour, 120)));
        Assert.Equal(120, await StoredAsync());
        Assert.Equal(125, (await ProofAsync(admin, "n-good", TestWorld.CompoundB, hour.AddHours(-1), hour.AddHours(1)))["totalSeconds"]!.GetValue<int>());

        // A kiosk may upload, never ask.
        using var asKiosk = controller.Anonymous();
        asKiosk.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", world.Credentials[world.KioskB]);
        Assert.Equal(HttpStatusCode.Forbidden, (await asKiosk.GetAsync("/api/proof?noticeId=n-good")).StatusCode);
    }

    [Fact]
    public async Task A_kiosk_cannot_vouch_for_notices_it_was_never_sent_nor_for_more_than_an_hour_per_hour()
    {
        var logs = new LogCapture();
        await using var controller = ControllerHost.Start("proof-scope", logs: logs);
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await admin.PublishAsync("notices", TestWorld.Notice("n-ginkgo", "银杏苑停水", TestWorld.CompoundB));
        await admin.PublishAsync("notices", TestWorld.Notice("n-osmanthus", "丹桂苑停水", TestWorld.CompoundA));
        // Shown on compound B's kiosk, then deleted: its hours still count (deleted notices keep their proof).
        await admin.PublishAsync("notices", TestWorld.Notice("n-gone", "银杏苑旧通知", TestWorld.CompoundB));
        using (var deleted = await admin.DeleteAsync("/api/notices/n-gone"))
        {
            deleted.EnsureSuccessStatusCode();
        }
        var hour = DisplayHours.HourOf(DateTimeOffset.UtcNow).AddHours(-1);
        await using var hub = await RawHubClient.ConnectAsync(controller.Url, world.Credentials[world.KioskB]);
        Assert.Null((await hub.HelloAsync())["error"]);

        // Compound B's kiosk reports its own notice, another compound's, and one that never existed: only its own counts.
        var reply = await hub.InvokeAsync("ReportDisplay", Report(("n-ginkgo", hour, 600), ("n-osmanthus", hour, 3600), ("n-invented", hour, 3600), ("n-gone", hour, 60)));
        Assert.Equal(2, reply["result"]!["stored"]!.GetValue<int>());
        Assert.Equal(2, reply["result"]!["ignored"]!.GetValue<int>());
        Assert.Equal(600, (await ProofAsync(admin, "n-ginkgo", TestWorld.CompoundB, hour, hour.AddHours(1)))["totalSeconds"]!.GetValue<int>());
        Assert.Equal(60, (await ProofAsync(admin, "n-gone", TestWorld.CompoundB, hour, hour.AddHours(1)))["totalSeconds"]!.GetValue<int>());
        var osmanthus = await ProofAsync(admin, "n-osmanthus", TestWorld.Community, hour, hour.AddHours(1));
        Assert.Equal(0, osmanthus["totalSeconds"]!.GetValue<int>());
        Assert.False(osmanthus["shown"]!.GetValue<bool>(), osmanthus.ToJsonString());
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains(world.KioskB, StringComparison.Ordinal)
            && e.Message.Contains("n-osmanthus", StringComparison.Ordinal) && e.Message.Contains("never sent", StringComparison.Ordinal));

        // More than an hour in an hour is refused whole, with the reason, as one warning (decision 0016); nothing changes.
        var tooMuch = await hub.InvokeAsync("ReportDisplay", Report(("n-ginkgo", hour, 3601)));
        Assert.Contains("3600", tooMuch["error"]!.GetValue<string>());
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("3600", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error);
        Assert.Equal(600, (await ProofAsync(admin, "n-ginkgo", TestWorld.CompoundB, hour, hour.AddHours(1)))["totalSeconds"]!.GetValue<int>());
        // The same hour sent twice in one upload counts once, at most an hour.
        Assert.Equal(2, (await hub.InvokeAsync("ReportDisplay", Report(("n-ginkgo", hour, 3600), ("n-ginkgo", hour, 3600))))["result"]!["stored"]!.GetValue<int>());
        Assert.Equal(3600, (await ProofAsync(admin, "n-ginkgo", TestWorld.CompoundB, hour, hour.AddHours(1)))["totalSeconds"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_kiosk_sets_a_damaged_store_aside_and_checks_what_the_page_reports()
    {
        var kiosk = new KioskProcess("proof-corrupt", "http://127.0.0.1:9", "skk_not-registered", Quick);
        await using var _ = kiosk;
        Directory.CreateDirectory(kiosk.DataDirectory);
        await File.WriteAllTextAsync(kiosk.StorePath, "this is not a database, it is a power cut's leftovers");
        await kiosk.StartAsync();

        var display = await LocalDisplayAsync(kiosk);
        Assert.Empty(display["hours"]!.AsArray());
        Assert.Single(Directory.GetFiles(kiosk.DataDirectory, KioskStoreFile.FileName + ".corrupt-*"));
        Assert.Equal("New", (await kiosk.HealthAsync())["store"]!["opening"]!.GetValue<string>());

        using var local = await kiosk.BoardClientAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await local.PutAsJsonAsync(kiosk.Url + "/display", new { page = "p1", notices = new[] { "n-water" } })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await local.PutAsJsonAsync(kiosk.Url + "/display", new { notices = new[] { "n-water" } })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await local.PutAsJsonAsync(kiosk.Url + "/display", new { page = "p1", notices = Enumerable.Range(0, 201).Select(i => $"n-{i}") })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await local.PutAsync(kiosk.Url + "/display", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        // The cache holds no such notice, so nothing is counted for it (the file is written every second here).
        await Task.Delay(2500);
        Assert.Empty((await LocalDisplayAsync(kiosk))["hours"]!.AsArray());
    }
}
