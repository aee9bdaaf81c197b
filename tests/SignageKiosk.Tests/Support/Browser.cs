using Microsoft.Playwright;

namespace SignageKiosk.Tests.Support;

/// <summary>Debian's Chromium driven by Playwright; nothing is downloaded.</summary>
public static class Browser
{
    public static string ChromiumPath =>
        new[] { Environment.GetEnvironmentVariable("CHROMIUM_PATH"), "/usr/bin/chromium", "/usr/bin/chromium-browser" }
            .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p))
        ?? throw new FileNotFoundException("Chromium is not installed: run .ci/run once, or apt-get install chromium");

    private static readonly Lock PoolLock = new();
    private static readonly Stack<(IPlaywright Playwright, IBrowser Browser)> Idle = new();
    private static readonly List<IPlaywright> Drivers = [];

    /// <summary>
    /// A Chromium for one test (or one class's fixture) at a time, from the suite's pool: a browser a finished test gave
    /// back, else a new one. Launching one costs about 3 s of CPU (Playwright's Node driver and Chromium's processes), and
    /// the suite asked for some forty. What a test opens through the lease (contexts, pages) is closed when it is given
    /// back, so no cookies or storage pass from one test to the next; contexts are Chromium's isolated profiles anyway.
    /// Dispose both parts when done: the browser gives the lease back; the first part holds nothing and is kept so the call
    /// sites read as they did with <see cref="LaunchAsync"/>.
    /// </summary>
    public static async Task<(IDisposable Playwright, IBrowser Browser)> LeaseAsync()
    {
        (IPlaywright Playwright, IBrowser Browser)? idle = null;
        lock (PoolLock)
        {
            while (idle is null && Idle.TryPop(out var candidate))
            {
                if (candidate.Browser.IsConnected)
                {
                    idle = candidate;
                }
            }
        }
        var pooled = idle ?? await LaunchPooledAsync();
        return (NothingToDispose.Instance, new LeasedBrowser(pooled.Playwright, pooled.Browser, GiveBack));
    }

    private static void GiveBack(IPlaywright playwright, IBrowser browser)
    {
        lock (PoolLock)
        {
            Idle.Push((playwright, browser));
        }
    }

    /// <summary>
    /// Started on the thread pool, not on the test's xunit context: a pooled driver outlives the test that started it, and
    /// its reading loop must not wait for a turn on xunit's two test threads, which other tests hold.
    /// </summary>
    private static Task<(IPlaywright Playwright, IBrowser Browser)> LaunchPooledAsync() => Task.Run(async () =>
    {
        var (playwright, browser) = await LaunchAsync();
        lock (PoolLock)
        {
            if (Drivers.Count == 0)
            {
                // The drivers (and their browsers) go when the test process ends, not with each test.
                AppDomain.CurrentDomain.ProcessExit += (_, _) => DisposeDrivers();
            }
            Drivers.Add(playwright);
        }
        return (playwright, browser);
    });

    /// <summary>
    /// A browser of the caller's own, closed when the caller disposes both parts: for a benchmark that must leave nothing
    /// running when it is done, or a test that needs the browser itself. Tests take one from <see cref="LeaseAsync"/>.
    /// </summary>
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

    private static void DisposeDrivers()
    {
        List<IPlaywright> drivers;
        lock (PoolLock)
        {
            drivers = [.. Drivers];
            Drivers.Clear();
        }
        foreach (var driver in drivers)
        {
            driver.Dispose();
        }
    }

    private sealed class NothingToDispose : IDisposable
    {
        public static readonly NothingToDispose Instance = new();

        public void Dispose()
        {
        }
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
