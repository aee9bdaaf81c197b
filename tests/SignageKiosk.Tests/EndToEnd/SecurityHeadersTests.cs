using Microsoft.Playwright;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.EndToEnd;

/// <summary>
/// Content-Security-Policy, Referrer-Policy and nosniff on the board, the preview and the staff pages; and every
/// panel and staff page works under the policy (no violation), while an injected inline script does not run.
/// </summary>
public sealed class SecurityHeadersTests(DemoBoard board) : IClassFixture<DemoBoard>
{
    private static readonly string[] StaffPages =
    [
        "/admin", "/admin/notices", "/admin/notices/edit", "/admin/review", "/admin/hotlines", "/admin/duty", "/admin/roster",
        "/admin/activities", "/admin/activities/edit", "/admin/holidays", "/admin/supplies", "/admin/places", "/admin/preview",
        "/admin/import", "/admin/fleet", "/admin/broadcasts", "/admin/proof", "/admin/users", "/admin/audit", "/admin/reports",
        "/admin/updates",
    ];

    private static void AssertHeaders(IReadOnlyDictionary<string, string> headers, string what, string frameAncestors)
    {
        Assert.True(headers.TryGetValue("content-security-policy", out var csp), $"{what}: no Content-Security-Policy");
        var directives = csp!.Split(';', StringSplitOptions.TrimEntries).ToDictionary(d => d.Split(' ')[0], d => d);
        Assert.Equal("default-src 'self'", directives["default-src"]);
        Assert.StartsWith("script-src 'self'", directives["script-src"]);
        Assert.DoesNotContain("unsafe-inline", directives["script-src"]);
        Assert.DoesNotContain("unsafe-eval", directives["script-src"]);
        Assert.DoesNotContain("unsafe-inline", directives["style-src"]);
        Assert.Equal("object-src 'none'", directives["object-src"]);
        Assert.Equal("base-uri 'none'", directives["base-uri"]);
        Assert.Equal("form-action 'self'", directives["form-action"]);
        Assert.Equal("frame-ancestors " + frameAncestors, directives["frame-ancestors"]);
        Assert.Equal("no-referrer", headers["referrer-policy"]);
        Assert.Equal("nosniff", headers["x-content-type-options"]);
    }

    [Fact]
    public async Task The_board_the_preview_and_the_staff_pages_carry_the_policy()
    {
        using var kiosk = new HttpClient();
        foreach (var path in new[] { "/", "/board", "/assets/board.js", "/qr/tel/12345" })
        {
            using var response = await kiosk.GetAsync(board.Kiosk.Url + path);
            Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}");
            AssertHeaders(response.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value)), "kiosk " + path, "'none'");
        }

        // The public phone pages (a kiosk's report form and the status page, found or not) carry the same policy.
        using (var anonymous = board.Controller.Anonymous())
        {
            foreach (var path in new[] { "/r/kiosk-lobby", "/r/kiosk-lobby?category=repairs", "/r/no-such-kiosk", "/r/status?reference=R20260101-0001" })
            {
                using var response = await anonymous.GetAsync(path);
                Assert.True(response.StatusCode is System.Net.HttpStatusCode.OK or System.Net.HttpStatusCode.NotFound, $"{path} answered {(int)response.StatusCode}");
                AssertHeaders(response.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value)), path, "'none'");
            }
        }

        var context = await board.Chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        var login = await page.GotoAsync(board.Controller.Url + "/admin/login");
        AssertHeaders(await login!.AllHeadersAsync(), "/admin/login", "'none'");
        await page.CloseAsync();
        await context.CloseAsync();

        var staff = await board.Chromium.SignInToStaffPagesAsync(board.Controller.Url, "admin", ControllerHost.AdminPassword);
        var nonces = new HashSet<string>();
        foreach (var path in new[] { "/admin", "/admin/notices", "/admin/broadcasts", "/admin/import", "/admin/supplies" })
        {
            var response = await staff.GotoAsync(board.Controller.Url + path);
            var headers = await response!.AllHeadersAsync();
            AssertHeaders(headers, path, "'none'");
            nonces.Add(headers["content-security-policy"].Split("'nonce-")[1].Split('\'')[0]);
        }
        Assert.Equal(5, nonces.Count); // a fresh nonce for every response

        // The preview's board is framed by the staff preview page, and by nothing else.
        var framed = staff.WaitForResponseAsync(r => r.Url.Contains("/admin/previewrender", StringComparison.OrdinalIgnoreCase));
        await staff.GotoAsync(board.Controller.Url + "/admin/preview");
        AssertHeaders(await (await framed).AllHeadersAsync(), "/admin/previewrender", "'self'");
        using var preview = await board.Admin.GetAsync("/api/preview/kiosk-lobby");
        Assert.True(preview.IsSuccessStatusCode, $"/api/preview answered {(int)preview.StatusCode}");
        AssertHeaders(preview.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value)), "/api/preview", "'self'");
        await staff.Context.CloseAsync();
    }

    /// <summary>Collects what the Content-Security-Policy refused on a page: the console's words and the DOM event.</summary>
    private static async Task<List<string>> WatchViolationsAsync(IPage page)
    {
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal) || message.Text.Contains("Refused to", StringComparison.Ordinal))
            {
                violations.Add(page.Url + ": " + message.Text);
            }
        };
        // An init script is the browser's own, not the page's: the policy does not apply to it.
        await page.AddInitScriptAsync("""
            window.__csp = [];
            document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));
            """);
        return violations;
    }

    private static async Task CollectAsync(IPage page, List<string> violations)
    {
        foreach (var frame in page.Frames)
        {
            try
            {
                violations.AddRange((await frame.EvaluateAsync<string[]?>("() => window.__csp || []") ?? []).Select(v => frame.Url + ": " + v));
            }
            catch (PlaywrightException)
            {
                // A frame navigated away meanwhile.
            }
        }
    }

    [Fact]
    public async Task Every_panel_of_the_board_runs_under_the_policy_and_an_injected_inline_script_does_not()
    {
        var page = await board.Chromium.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 }, HasTouch = true });
        var violations = await WatchViolationsAsync(page);
        await page.GotoAsync(board.Kiosk.Url + "/");
        await page.WaitForFunctionAsync("() => window.signageBoard !== undefined");
        foreach (var screen in new[] { "roster", "activities", "duty", "notices", "supplies", "wishes" })
        {
            await page.EvaluateAsync("() => document.querySelector('[data-screen]:not([hidden]) [data-action=home]')?.click()");
            await page.Locator($".tile-{screen}").ClickAsync();
            await Assertions.Expect(page.Locator($"[data-screen={screen}]")).ToBeVisibleAsync();
        }
        // A notice's page with its QR code, then the accessibility settings with pinyin on.
        await page.EvaluateAsync("() => document.querySelector('[data-screen]:not([hidden]) [data-action=home]')?.click()");
        await page.Locator(".tile-notices").ClickAsync();
        await page.Locator(".notice-list > .notice:not(.off-page)").First.ClickAsync();
        await Assertions.Expect(page.Locator(".notice-detail:not([hidden]) .qr-code")).ToBeVisibleAsync();
        await page.Locator("[data-action=a11y]").ClickAsync();
        await page.WaitForTimeoutAsync(300);
        await CollectAsync(page, violations);
        Assert.Empty(violations);

        // An inline script that something managed to add to the page is refused.
        try
        {
            await page.AddScriptTagAsync(new() { Content = "window.__injected = 1;" });
        }
        catch (PlaywrightException)
        {
            // Playwright reports the refused script as an error: also a pass.
        }
        Assert.False(await page.EvaluateAsync<bool>("() => window.__injected === 1"), "an inline script without the nonce ran on the board");
        await CollectAsync(page, violations);
        Assert.Contains(violations, v => v.Contains("script-src", StringComparison.Ordinal));
        await page.CloseAsync();
    }

    [Fact]
    public async Task Every_staff_page_runs_under_the_policy_and_an_injected_inline_script_does_not()
    {
        var page = await board.Chromium.SignInToStaffPagesAsync(board.Controller.Url, "admin", ControllerHost.AdminPassword);
        var violations = await WatchViolationsAsync(page);
        foreach (var path in StaffPages)
        {
            var response = await page.GotoAsync(board.Controller.Url + path);
            Assert.True(response!.Ok, $"{path} answered {response.Status}");
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await CollectAsync(page, violations);
        }
        Assert.Empty(violations);

        await page.GotoAsync(board.Controller.Url + "/admin/notices");
        try
        {
            await page.AddScriptTagAsync(new() { Content = "window.__injected = 1;" });
        }
        catch (PlaywrightException)
        {
        }
        Assert.False(await page.EvaluateAsync<bool>("() => window.__injected === 1"), "an inline script without the nonce ran on a staff page");
        await page.Context.CloseAsync();
    }
}
