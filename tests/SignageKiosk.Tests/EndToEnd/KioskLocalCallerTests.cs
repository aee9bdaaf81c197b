using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.EndToEnd;

/// <summary>
/// The kiosk host's device routes that change something (wake the screen, report a painted broadcast, read aloud,
/// report what is on screen) answer only the board page the host served: it carries a per-boot token, and a page from
/// any other origin in the kiosk's browser (a local one included) is refused and changes nothing.
/// </summary>
public sealed class KioskLocalCallerTests
{
    private const string Evil = "http://evil.example";

    private static readonly string[] Week = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    /// <summary>Station A's screen hours start three hours from now (Asia/Shanghai wall clock): its kiosk's screen is off now.</summary>
    private static async Task SwitchStationAOffAsync(HttpClient admin)
    {
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime;
        string Clock(DateTime t) => t.ToString("HH:mm", CultureInfo.InvariantCulture);
        await admin.PutJsonAsync("/api/stations/station-a", new
        {
            id = "station-a", name = "丹桂苑红色驿站", placeId = TestWorld.CompoundA,
            screenHours = new { weekly = new[] { new { days = Week, periods = new[] { new { on = Clock(local.AddHours(3)), off = Clock(local.AddHours(4)) } } } } },
        });
    }

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private static async Task<KioskProcess> StartKioskAAsync(ControllerHost controller, HttpClient admin, TestWorld world, string name)
    {
        // A stand-in xset: the screen's power is only written to a file.
        var xset = Path.Combine(Repo.TempDirectory("xset"), "xset");
        await File.WriteAllTextAsync(xset, "#!/bin/sh\nexit 0\n");
        File.SetUnixFileMode(xset, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var kiosk = new KioskProcess(name, controller.Url, world.Credentials["kiosk-a"], new()
        {
            ["Kiosk:ScreenWakeTime"] = "00:10:00",
            ["Kiosk:XsetCommand"] = xset,
        });
        kiosk.Environment["DISPLAY"] = ":99";
        await kiosk.StartAsync();
        await kiosk.WaitForSeqAsync(await admin.HeadAsync());
        return kiosk;
    }

    private static async Task<bool> ScreenOffAsync(KioskProcess kiosk)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        return (await client.GetFromJsonAsync<JsonObject>(kiosk.Url + "/screen"))!["off"]!.GetValue<bool>();
    }

    /// <summary>A request as another web page would send it: a simple form POST (no preflight), from another origin.</summary>
    private static async Task<HttpStatusCode> SendAsync(KioskProcess kiosk, HttpMethod method, string path, string? token, string? origin,
        string contentType = "application/x-www-form-urlencoded", string body = "a=1")
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        using var request = new HttpRequestMessage(method, kiosk.Url + path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        if (token is not null)
        {
            request.Headers.Add("X-Kiosk-Token", token);
        }
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")] // a shell script stands in for xset
    public async Task Calls_without_the_board_pages_token_or_from_another_origin_are_refused_and_change_nothing()
    {
        await using var controller = ControllerHost.Start("kiosk-local-callers");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await SwitchStationAOffAsync(admin);
        await using var kiosk = await StartKioskAAsync(controller, admin, world, "local-callers");
        await Eventually.Until(() => ScreenOffAsync(kiosk), off => off, "kiosk-a's screen off outside its hours\n" + kiosk.Output);
        var token = await kiosk.BoardTokenAsync();
        Assert.Equal(43, token.Length);   // 32 random bytes, base64url
        var own = kiosk.Url;

        // Waking the screen: a cross-site form, a wrong token, the right token from a foreign origin: all refused, the screen stays off.
        Assert.Equal(HttpStatusCode.Forbidden, await SendAsync(kiosk, HttpMethod.Post, "/screen/wake", null, Evil));
        Assert.Equal(HttpStatusCode.Forbidden, await SendAsync(kiosk, HttpMethod.Post, "/screen/wake", null, null));
        Assert.Equal(HttpStatusCode.Forbidden, await SendAsync(kiosk, HttpMethod.Post, "/screen/wake", token[..^1] + (token[^1] == 'A' ? 'B' : 'A'), own));
        Assert.Equal(HttpStatusCode.Forbidden, await SendAsync(kiosk, HttpMethod.Post, "/screen/wake", token, Evil));
        Assert.Equal(HttpStatusCode.Forbidden, await SendAsync(kiosk, HttpMethod.Post, "/screen/wake", token, "null"));
        Assert.True(await ScreenOffAsync(kiosk), "a refused wake leaves the screen off");

        // Read-aloud and proof of display: refused alike; nothing is counted.
        Assert.Equal(HttpStatusCode.Forbidden, await SendAsync(kiosk, HttpMethod.Post, "/speech", null, Evil, "text/plain", "停水通知"));
        Assert.Equal(HttpStatusCode.Forbidden, await SendAsync(kiosk, HttpMethod.Post, "/speech", null, null, "application/json", """{"text":"停水通知"}"""));
        Assert.Equal(HttpStatusCode.Forbidden, await SendAsync(kiosk, HttpMethod.Put, "/display", null, Evil, "application/json", """{"page":"p1","notices":["n-water"]}"""));
        Assert.Equal(HttpStatusCode.Forbidden, await SendAsync(kiosk, HttpMethod.Put, "/display", token, Evil, "application/json", """{"page":"p1","notices":["n-water"]}"""));
        using (var client = new HttpClient())
        {
            Assert.Equal(0, (await client.GetFromJsonAsync<JsonObject>(kiosk.Url + "/display"))!["pages"]!.GetValue<int>());
        }
        // The shell scripts' PUT /screen sends no Origin and still works; a web page's (any Origin but the board's) does not.
        Assert.Equal(HttpStatusCode.Forbidden, await SendAsync(kiosk, HttpMethod.Put, "/screen", null, Evil, "application/json", """{"off":false}"""));
        Assert.True(await ScreenOffAsync(kiosk));

        // The board page (its token, its own origin, as Chromium sends it) wakes the screen.
        Assert.Equal(HttpStatusCode.OK, await SendAsync(kiosk, HttpMethod.Post, "/screen/wake", token, own));
        Assert.False(await ScreenOffAsync(kiosk));
        Assert.Equal(HttpStatusCode.NoContent, await SendAsync(kiosk, HttpMethod.Put, "/display", token, own, "application/json", """{"page":"p1","notices":[]}"""));

        // A live broadcast: a foreign page cannot claim it was displayed; the board page can.
        var sentAt = DateTimeOffset.UtcNow;
        await admin.PostJsonAsync("/api/broadcasts", new
        {
            id = "gas", title = "燃气泄漏，请勿使用明火", startsAt = sentAt, endsAt = sentAt.AddMinutes(30), target = new { placeId = TestWorld.CompoundA },
        });
        await kiosk.WaitForBoardAsync(b => b.Contains("燃气泄漏"), "the broadcast on kiosk-a's board");
        Assert.Equal(HttpStatusCode.Forbidden, await SendAsync(kiosk, HttpMethod.Post, "/broadcasts/gas/displayed", null, Evil));
        Assert.Equal(HttpStatusCode.Forbidden, await SendAsync(kiosk, HttpMethod.Post, "/broadcasts/gas/displayed", token, Evil));
        async Task<int> DisplayedAsync() =>
            (await admin.GetFromJsonAsync<JsonObject>("/api/broadcasts/gas/displays"))!["kiosks"]!.AsArray().Count(k => k!["displayedAt"] is not null);
        await Task.Delay(2000);   // a report would reach the controller in well under a second
        Assert.Equal(0, await DisplayedAsync());
        Assert.Equal(HttpStatusCode.NoContent, await SendAsync(kiosk, HttpMethod.Post, "/broadcasts/gas/displayed", token, own));
        await Eventually.Until(DisplayedAsync, n => n == 1, "the board page's report to reach the controller");

        // The token is made at every start and never written down: after a restart the old one is refused.
        Assert.DoesNotContain(token, kiosk.Output);
        Assert.DoesNotContain(token, string.Join("\n", Directory.EnumerateFiles(kiosk.DataDirectory, "*", SearchOption.AllDirectories)
            .Where(f => new FileInfo(f).Length < 4_000_000).Select(f => Encoding.Latin1.GetString(File.ReadAllBytes(f)))));
        await kiosk.RestartAsync();
        await kiosk.WaitForSeqAsync(await admin.HeadAsync());
        var fresh = await kiosk.BoardTokenAsync();
        Assert.NotEqual(token, fresh);
        Assert.Equal(HttpStatusCode.Forbidden, await SendAsync(kiosk, HttpMethod.Put, "/display", token, own, "application/json", """{"page":"p1","notices":[]}"""));
        Assert.Equal(HttpStatusCode.NoContent, await SendAsync(kiosk, HttpMethod.Put, "/display", fresh, own, "application/json", """{"page":"p1","notices":[]}"""));
        // A board page that outlived the restart learns the new token with its next /board.
        using (var client = new HttpClient())
        {
            using var board = await client.GetAsync(kiosk.Url + "/board");
            Assert.Equal(fresh, board.Headers.GetValues("X-Kiosk-Token").Single());
            // Asked for by another name (a rebound DNS name pointing at this machine), the page carries no token.
            using var rebound = new HttpRequestMessage(HttpMethod.Get, kiosk.Url + "/");
            rebound.Headers.Host = "evil.example:" + kiosk.Port.ToString(CultureInfo.InvariantCulture);
            using var reboundPage = await client.SendAsync(rebound);
            Assert.DoesNotContain(fresh, await reboundPage.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task A_page_from_another_local_origin_in_the_kiosks_browser_cannot_wake_the_screen()
    {
        await using var controller = ControllerHost.Start("kiosk-local-page");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await SwitchStationAOffAsync(admin);
        await using var kiosk = await StartKioskAAsync(controller, admin, world, "local-page");
        await Eventually.Until(() => ScreenOffAsync(kiosk), off => off, "kiosk-a's screen off outside its hours\n" + kiosk.Output);

        // Another web server on this machine (any local page, an ad in a browsed site...), on another port.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = Repo.TempDirectory("other-origin") });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var other = builder.Build();
        var wake = kiosk.Url + "/screen/wake";
        other.MapGet("/", () => Results.Content($$"""
            <!doctype html><html><body>
            <form id="f" method="post" action="{{wake}}"><input name="a" value="1"></form>
            <script>
            window.results = {};
            fetch('{{wake}}', { method: 'POST', mode: 'no-cors', body: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
              .then(() => { results.noCors = 'sent'; }, () => { results.noCors = 'failed'; });
            fetch('{{wake}}', { method: 'POST', headers: { 'x-kiosk-token': 'guess' } })
              .then(r => { results.withHeader = 'status ' + r.status; }, () => { results.withHeader = 'blocked'; });
            fetch('{{kiosk.Url}}/').then(r => r.text()).then(() => { results.readPage = 'read'; }, () => { results.readPage = 'unreadable'; });
            </script></body></html>
            """, "text/html"));
        await other.StartAsync();
        var otherUrl = other.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        var (playwright, chromium) = await Browser.LeaseAsync();
        try
        {
            var page = await chromium.NewPageAsync();
            await page.GotoAsync(otherUrl + "/");
            await page.WaitForFunctionAsync("() => results.noCors && results.withHeader && results.readPage");
            var results = JsonNode.Parse(await page.EvaluateAsync<string>("() => JSON.stringify(results)"))!;
            Assert.Equal("unreadable", results["readPage"]!.GetValue<string>());     // the board page (and its token) cannot be read from another origin
            Assert.Equal("blocked", results["withHeader"]!.GetValue<string>());      // a custom header needs a preflight, which the kiosk never grants
            Assert.Equal("sent", results["noCors"]!.GetValue<string>());             // a simple request reaches the kiosk...
            // ...and so does a plain form: both are refused.
            var submitted = page.WaitForResponseAsync(wake);
            await page.EvaluateAsync("() => document.getElementById('f').submit()");
            Assert.Equal((int)HttpStatusCode.Forbidden, (await submitted).Status);
            Assert.True(await ScreenOffAsync(kiosk), "no page but the board may wake the screen");

            // The board page itself, in the same browser, still wakes it with a touch.
            var board = await chromium.NewPageAsync(new BrowserNewPageOptions { HasTouch = true, ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
            await board.GotoAsync(kiosk.Url + "/");
            await board.WaitForSelectorAsync(".screen-off");
            await board.Touchscreen.TapAsync(960, 540);
            await board.WaitForSelectorAsync("[data-screen=home]");
            Assert.False(await ScreenOffAsync(kiosk));
        }
        finally
        {
            await chromium.DisposeAsync();
            playwright.Dispose();
        }
    }
}
