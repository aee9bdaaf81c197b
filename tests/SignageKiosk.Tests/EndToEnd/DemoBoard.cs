using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.EndToEnd;

/// <summary>
/// The demo community on a real controller and a real kiosk host process, and Debian's Chromium to look
/// at the board. Shared by the tests of one class; each test opens its own page.
/// </summary>
public class DemoBoard : IAsyncLifetime
{
    public ControllerHost Controller { get; private set; } = null!;
    public HttpClient Admin { get; private set; } = null!;
    public KioskProcess Kiosk { get; private set; } = null!;
    public IDisposable Playwright { get; private set; } = null!;
    public IBrowser Chromium { get; private set; } = null!;

    /// <summary>Kiosk settings for this fixture; a subclass changes them (the idle tests use a short idle time).</summary>
    protected virtual Dictionary<string, string> KioskSettings => new() { ["Kiosk:IdleSeconds"] = "600" };

    public static string Artifacts
    {
        get
        {
            var path = Path.Combine(Repo.Root, "artifacts", "screenshots");
            Directory.CreateDirectory(path);
            return path;
        }
    }

    public async Task InitializeAsync()
    {
        Controller = ControllerHost.Start("board", demo: true);
        Admin = await Controller.AdminAsync();
        Kiosk = await KioskProcess.StartAsync("board", Controller.Url, Controller.DemoKioskCredential("kiosk-lobby"), KioskSettings);
        await Kiosk.WaitForSeqAsync(await Admin.HeadAsync());
        (Playwright, Chromium) = await Browser.LeaseAsync();
    }

    public async Task<IPage> OpenAsync(string layout = "landscape")
    {
        var portrait = layout == "portrait";
        var page = await Chromium.NewPageAsync(new BrowserNewPageOptions
        {
            ViewportSize = new ViewportSize { Width = portrait ? 1080 : 1920, Height = portrait ? 1920 : 1080 },
            HasTouch = true,
        });
        await page.GotoAsync(Kiosk.Url + (portrait ? "/?layout=portrait" : "/"));
        await page.WaitForFunctionAsync("() => window.signageBoard !== undefined");
        return page;
    }

    /// <summary>Every item of a kind, following the list's pages (decision 0033).</summary>
    public async Task<JsonArray> ListAsync(string kind)
    {
        var all = new JsonArray();
        string? cursor = null;
        do
        {
            var page = JsonNode.Parse(await Admin.GetStringAsync($"/api/{kind}?limit=200" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))))!;
            foreach (var item in page["items"]!.AsArray().ToList())
            {
                all.Add(item!.DeepClone());
            }
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        return all;
    }

    /// <summary>Decodes a QR code from a PNG with zbarimg (zbar-tools).</summary>
    public static async Task<string> DecodeQrAsync(string png)
    {
        var start = new ProcessStartInfo("zbarimg", ["--raw", "-q", png]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output.TrimEnd('\n');
    }

    public async Task DisposeAsync()
    {
        await Chromium.DisposeAsync();
        Playwright.Dispose();
        await Kiosk.DisposeAsync();
        Admin.Dispose();
        await Controller.DisposeAsync();
    }
}

/// <summary>The same board with a 2-second idle time and a 1-second attract rotation.</summary>
public sealed class QuickIdleBoard : DemoBoard
{
    protected override Dictionary<string, string> KioskSettings => new() { ["Kiosk:IdleSeconds"] = "2", ["Kiosk:AttractSeconds"] = "1" };
}
