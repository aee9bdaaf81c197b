using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SignageKiosk.Shared.Reports;
using SignageKiosk.Tests.Integration;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.EndToEnd;

/// <summary>
/// The phone page a kiosk's QR code opens (issue 15, docs/decisions/0030), in Chromium on a 360×740 touch phone: a
/// report filed by taps gets its reference; a double submit, a replay and a reload store one report; the status page
/// follows it to its rating; no full phone number on any page; nothing wider than the phone; no CSP violation.
/// </summary>
public sealed class PhoneReportPageTests
{
    private const string Phone = "13912345678";

    private static async Task<int> CountAsync(HttpClient admin) => (await admin.GetFromJsonAsync<JsonObject>("/api/reports"))!["reports"]!.AsArray().Count;

    private static async Task AssertFitsAsync(IPage page, string what)
    {
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 360, what + ": wider than the phone");
        // Every tap target is large: at least 48 px high and inside the screen.
        var small = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('a, button, label.choice, input[type=tel]')]
                .filter(e => e.offsetParent !== null)
                .map(e => [e, e.getBoundingClientRect()])
                .filter(([e, r]) => r.height < 48 || r.right > 360 || r.left < 0)
                .map(([e, r]) => e.textContent.trim() + ' ' + Math.round(r.width) + 'x' + Math.round(r.height))
            """);
        Assert.True(small.Length == 0, what + ": small or cut-off targets: " + string.Join(", ", small));
    }

    [Fact]
    public async Task A_resident_files_a_report_by_taps_on_a_360_pixel_phone_once_whatever_is_tapped_twice_and_follows_it_to_a_rating()
    {
        await using var controller = ControllerHost.Start("phone-report-page");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await admin.PostJsonAsync("/api/places", new { id = "a1-u2", kind = "unit", name = "2单元", parentId = TestWorld.BuildingA1 });
        await admin.PostJsonAsync("/api/places", new { id = "a2-u1", kind = "unit", name = "1单元", parentId = "a2" });
        var (playwright, browser) = await Browser.LeaseAsync();
        try
        {
            var context = await browser.NewContextAsync(new()
            {
                ViewportSize = new() { Width = 360, Height = 740 }, DeviceScaleFactor = 2, IsMobile = true, HasTouch = true, Locale = "zh-CN",
            });
            var page = await context.NewPageAsync();
            var violations = new List<string>();
            page.Console += (_, message) =>
            {
                if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
                {
                    violations.Add(message.Text);
                }
            };
            var pages = new List<string>();

            var opened = await page.GotoAsync(controller.Url + "/r/" + world.KioskA);
            Assert.Equal(200, opened!.Status);
            Assert.Equal("丹桂苑红色驿站", await page.TextContentAsync("header .station"));
            await AssertFitsAsync(page, "categories");
            pages.Add(await page.ContentAsync());
            // Twice under a full suite's load the tap did not bring the repairs page within 30 s (passing alone): tap only
            // once the fonts have laid the page out, and on failure say which page the tap reached.
            await page.EvaluateAsync("() => document.fonts.ready.then(() => true)");
            await page.GetByText("报修", new() { Exact = true }).TapAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/r/kiosk-a\?category=repairs$"), new() { Timeout = 30_000 });
            // The units of a building show only once it is chosen.
            await Assertions.Expect(page.GetByText("1栋哪个单元？（可不选）")).ToBeHiddenAsync();
            await page.Locator("label.choice", new() { HasText = "1栋" }).TapAsync();
            await Assertions.Expect(page.GetByText("1栋哪个单元？（可不选）")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByText("2栋哪个单元？（可不选）")).ToBeHiddenAsync();
            await page.Locator("#u0 label.choice", new() { HasText = "2单元" }).TapAsync();
            await page.Locator("label.choice", new() { HasText = "电梯故障" }).TapAsync();
            await page.Locator("label.choice", new() { HasText = "楼道灯不亮" }).TapAsync();
            await page.Locator("#phone").TapAsync();
            await page.Locator("#phone").FillAsync("139 1234 5678");
            await AssertFitsAsync(page, "form");
            pages.Add(await page.ContentAsync());
            await page.ScreenshotAsync(new() { Path = Path.Combine(DemoBoard.Artifacts, "report-phone.png"), FullPage = true });
            var key = await page.Locator("input[name=key]").InputValueAsync();
            var token = await page.Locator("input[name=__RequestVerificationToken]").InputValueAsync();

            // Tapped twice in a hurry: the browser posts the same form (and key) twice at most.
            await page.EvaluateAsync("() => { const b = document.querySelector('button[type=submit]'); b.click(); b.click(); }");
            await Assertions.Expect(page.Locator("#reference")).ToBeVisibleAsync();
            var reference = (await page.TextContentAsync("#reference"))!;
            Assert.True(ReportReference.IsWellFormed(reference), reference);
            await AssertFitsAsync(page, "receipt");
            var receiptHtml = await page.ContentAsync();
            pages.Add(receiptHtml);
            Assert.Contains("*******5678", receiptHtml);
            await page.ScreenshotAsync(new() { Path = Path.Combine(DemoBoard.Artifacts, "report-phone-receipt.png"), FullPage = true });

            // The same form posted again by the page's own cookies (a replay), and a reload of the answer: the same reference.
            var replay = await context.APIRequest.PostAsync(controller.Url + "/r/" + world.KioskA, new()
            {
                Form = Form(context.APIRequest, ("__RequestVerificationToken", token), ("key", key), ("category", "repairs"), ("building", "a1"), ("unit-a1", "a1-u2"),
                    ("phrase", "repairs.lift"), ("phone", Phone)),
            });
            Assert.Equal(200, replay.Status);
            Assert.Contains($"id=\"reference\">{reference}<", await replay.TextAsync());
            try
            {
                await page.ReloadAsync();
                Assert.Equal(reference, await page.TextContentAsync("#reference"));
            }
            catch (PlaywrightException)
            {
                // Chromium may refuse to post a form again on reload (ERR_CACHE_MISS); that stores nothing either.
            }
            var listed = Assert.Single((await admin.GetFromJsonAsync<JsonObject>("/api/reports"))!["reports"]!.AsArray())!;
            Assert.Equal(reference, listed["reference"]!.GetValue<string>());
            Assert.Equal("a1-u2", listed["unitId"]!.GetValue<string>());
            Assert.Equal(Phone, listed["phone"]!.GetValue<string>());
            Assert.Equal(["电梯故障", "楼道灯不亮"], listed["phrases"]!.AsArray().Select(p => p!["text"]!.GetValue<string>()));
            Assert.Equal("phone", await ReportRows.TextAsync(controller, "SELECT source FROM reports WHERE reference = @r;", ("@r", reference)));

            // Follow it: received, then (staff's part, set in the database until its API is here) resolved with a reply.
            await page.GotoAsync(controller.Url + "/r/status?reference=" + reference);
            Assert.Equal("已受理", await page.TextContentAsync("#state"));
            await ReportRows.SetStateAsync(controller, reference, ReportState.Resolved, "电梯按钮已更换，楼道灯已修好。感谢您的反映！");
            await page.ReloadAsync();
            Assert.Equal("已办结", await page.TextContentAsync("#state"));
            await Assertions.Expect(page.Locator("button[name=rating]")).ToHaveCountAsync(3);
            await AssertFitsAsync(page, "status");
            pages.Add(await page.ContentAsync());
            await page.ScreenshotAsync(new() { Path = Path.Combine(DemoBoard.Artifacts, "report-phone-status.png"), FullPage = true });
            await page.GetByRole(AriaRole.Button, new() { Name = "基本满意" }).TapAsync();
            await Assertions.Expect(page.Locator(".notice")).ToHaveTextAsync("感谢您的评价！");
            Assert.Equal("基本满意", await page.TextContentAsync("#rating"));
            await Assertions.Expect(page.Locator("button[name=rating]")).ToHaveCountAsync(0);
            pages.Add(await page.ContentAsync());
            Assert.Equal("fairlySatisfied", await ReportRows.TextAsync(controller, "SELECT rating FROM reports WHERE reference = @r;", ("@r", reference)));

            var missing = await page.GotoAsync(controller.Url + "/r/no-such-kiosk");
            Assert.Equal(404, missing!.Status);
            Assert.Equal("找不到这块屏", await page.TextContentAsync("h1"));

            foreach (var html in pages)
            {
                Assert.DoesNotContain(Phone, html);
                Assert.DoesNotContain("1391234", html);
            }
            Assert.Empty(violations);
            Assert.Equal(1, await CountAsync(admin));
            await context.CloseAsync();
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    private static IFormData Form(IAPIRequestContext request, params (string Name, string Value)[] fields)
    {
        var form = request.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }
        return form;
    }
}
