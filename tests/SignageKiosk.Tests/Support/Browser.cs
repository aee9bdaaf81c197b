using Microsoft.Playwright;

namespace SignageKiosk.Tests.Support;

/// <summary>Debian's Chromium driven by Playwright; nothing is downloaded.</summary>
public static class Browser
{
    public static string ChromiumPath =>
        new[] { Environment.GetEnvironmentVariable("CHROMIUM_PATH"), "/usr/bin/chromium", "/usr/bin/chromium-browser" }
            .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p))
        ?? throw new FileNotFoundException("Chromium is not installed: run .ci/run once, or apt-get install chromium");

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                // As on a real kiosk (kiosk/shell/start-kiosk.sh): an emergency broadcast sounds without a touch first.
                "--autoplay-policy=no-user-gesture-required",
            ],
        });
        return (playwright, browser);
    }

    /// <summary>A fresh browser context signed in to the staff pages (its own cookies), on the home page.</summary>
    public static async Task<IPage> SignInToStaffPagesAsync(this IBrowser browser, string controllerUrl, string username, string password, int width = 1500, int height = 1000)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(controllerUrl + "/admin/login");
        await page.FillAsync("#username", username);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        try
        {
            await page.WaitForURLAsync("**/admin");
        }
        catch (TimeoutException)
        {
            // Once seen in CI: the redirect's page never reported "load" to Playwright. Ask for the home page again;
            // only a refused sign-in (back on the login page) is a failure, and it says what the page said.
            await page.GotoAsync(controllerUrl + "/admin");
            if (page.Url.Contains("/admin/login", StringComparison.Ordinal))
            {
                var said = await page.Locator("main").InnerTextAsync();
                throw new InvalidOperationException($"signing in as {username} did not reach /admin; the login page says: {said}");
            }
        }
        return page;
    }
}
