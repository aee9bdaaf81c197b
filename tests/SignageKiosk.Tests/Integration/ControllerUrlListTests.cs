using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SignageKiosk.Shared.Sync;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>A kiosk given a list of controller URLs (Kiosk:ControllerUrls, issue 17) uses the ones that answer.</summary>
public sealed class ControllerUrlListTests
{
    /// <summary>An installation id whose kiosk starts on URL <paramref name="index"/> of <paramref name="count"/>, so the test knows where it begins.</summary>
    public static string InstallationIdStartingAt(int index, int count)
    {
        for (var i = 0; ; i++)
        {
            var id = i.ToString("x32");
            if (ControllerChoice.First(count, id, 0) == index)
            {
                return id;
            }
        }
    }

    public static Dictionary<string, string> UrlList(params string[] urls) =>
        urls.Select((url, i) => (Key: $"Kiosk:ControllerUrls:{i}", Value: url)).ToDictionary(e => e.Key, e => e.Value);

    [Fact]
    public async Task Kiosks_whose_first_url_is_dead_pair_sync_and_fetch_media_through_the_live_one()
    {
        await using var controller = ControllerHost.Start("url-list");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        // A free port with nothing listening: connects are refused at once.
        var dead = $"http://127.0.0.1:{Repo.FreePort()}";
        var live = controller.Url + "/";

        // One pairs itself (plain HTTP calls first), one has a credential (the hub connection first); both begin on the dead URL.
        await using var unpaired = new KioskProcess("url-list-pairing", "", null, UrlList(dead, controller.Url));
        unpaired.UseInstallationId(InstallationIdStartingAt(0, 2));
        await using var paired = new KioskProcess("url-list-hub", "", world.Credentials["kiosk-a"], UrlList(dead, controller.Url));
        paired.UseInstallationId(InstallationIdStartingAt(0, 2));
        // Over long polling the HTTP requests (negotiate, polls) go to the current URL too.
        var pollingSettings = UrlList(dead, controller.Url);
        pollingSettings["Kiosk:Sync:Transport"] = "LongPolling";
        await using var polling = new KioskProcess("url-list-polling", "", world.Credentials["kiosk-a1"], pollingSettings);
        polling.UseInstallationId(InstallationIdStartingAt(0, 2));
        await unpaired.StartAsync();
        await paired.StartAsync();
        await polling.StartAsync();

        var code = await PairingTests.CodeShownByAsync(unpaired);
        await admin.PostJsonAsync("/api/pairing/claim", new { code, kioskId = "kiosk-entrance", name = "入口屏", stationId = "station-a" });

        var media = await TestImages.UploadAsync(admin, TestImages.NoiseJpeg(160, 120), name: "photo.jpg");
        await admin.PublishAsync("people", new
        {
            id = "p-wang", name = "王秀英", party = "resident", phone = "13800000001", phonePublic = true,
            photo = new { sha256 = media.Sha256, size = media.Bytes.Length, contentType = "image/jpeg" },
            target = new { placeId = TestWorld.CompoundA },
        });
        await admin.PublishAsync("roster", new { id = "r-wang", personId = "p-wang", role = "buildingHead", buildingId = TestWorld.BuildingA1, target = new { placeId = TestWorld.CompoundA } });
        var seq = await admin.PublishAsync("notices", TestWorld.Notice("n-water", "丹桂苑明日停水", TestWorld.CompoundA));

        foreach (var kiosk in new[] { unpaired, paired, polling })
        {
            await kiosk.WaitForSeqAsync(seq);
            // The person shows only once the photo verified: downloaded from the live URL, not the first one listed.
            await kiosk.WaitForBoardAsync(b => b.Contains("丹桂苑明日停水") && b.Contains("王秀英"), "the notice and the person with their photo");
            var health = await kiosk.HealthAsync();
            Assert.True(health["connected"]!.GetValue<bool>());
            Assert.Equal(live, health["controller"]!.GetValue<string>());
            Assert.Equal(kiosk == polling ? "LongPolling" : "WebSockets", health["transport"]!.GetValue<string>());
            Assert.Contains($"Controller {dead}/ unreachable", kiosk.Output);
            Assert.Contains("moving to " + live, kiosk.Output);
        }
    }

    [Theory]
    [InlineData("Kiosk:ControllerUrls:1=ftp://127.0.0.1:5080", "Kiosk:ControllerUrls:1 'ftp://127.0.0.1:5080' is not an http or https URL")]
    [InlineData("Kiosk:ControllerUrls:1=127.0.0.1:5080", "Kiosk:ControllerUrls:1 '127.0.0.1:5080' is not an http or https URL")]
    [InlineData("Kiosk:ControllerUrl=http://127.0.0.1:5080", "Kiosk:ControllerUrl and Kiosk:ControllerUrls are both set")]
    public async Task A_controller_url_the_kiosk_could_never_use_stops_the_start_with_a_message_naming_it(string setting, string message)
    {
        var data = Repo.TempDirectory("url-list-bad");
        var port = Repo.FreePort();
        ProcessResult run;
        try
        {
            run = await ToolRun.RunAsync("dotnet", [Repo.KioskDll, "--urls=http://127.0.0.1:" + port, "--Kiosk:DataDirectory=" + data,
                "--Kiosk:ControllerUrls:0=http://127.0.0.1:5080", "--" + setting], data, TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException running)
        {
            throw new Xunit.Sdk.XunitException("the kiosk started with a controller URL it cannot use:\n" + running.Message);
        }
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(message, run.Output);
        // It never served: nothing answers on its port.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetFromJsonAsync<JsonObject>($"http://127.0.0.1:{port}/healthz"));
    }
}
