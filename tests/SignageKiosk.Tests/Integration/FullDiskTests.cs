using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// The kiosk's data folder on a 2 MB tmpfs: a 3 MB picture cannot be stored. The download fails cleanly (no
/// half file left taking the space), the board keeps showing and keeps taking changes, the fleet reports the full
/// disk, and once there is room the picture arrives and the warning clears.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class FullDiskTests
{
    [Fact]
    public async Task On_a_full_disk_the_download_fails_cleanly_the_board_keeps_showing_and_the_fleet_reports_it()
    {
        await using var controller = ControllerHost.Start("full-disk");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await admin.PublishAsync("notices", TestWorld.Notice("before", "磁盘满之前的通知", TestWorld.CompoundA));
        var kiosk = new KioskProcess("full-disk", controller.Url, world.Credentials["kiosk-a"]);
        await Mount(kiosk.DataDirectory, "size=2m");
        try
        {
            await kiosk.StartAsync();
            await kiosk.WaitForSeqAsync(await admin.HeadAsync());

            var photo = RandomNumberGenerator.GetBytes(3 * 1024 * 1024);
            photo[0] = 0xFF; photo[1] = 0xD8; photo[2] = 0xFF;
            using var upload = new ByteArrayContent(photo);
            upload.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            var sha = (await (await admin.PostAsync("/api/media?name=map.jpg", upload)).Content.ReadFromJsonAsync<JsonObject>())!["sha256"]!.GetValue<string>();
            await admin.PublishAsync("notices", new
            {
                id = "with-photo", title = "停车位示意图", target = new { placeId = TestWorld.CompoundA },
                image = new { sha256 = sha, size = photo.Length, contentType = "image/jpeg" },
            });

            await Eventually.Until(() => FleetRowAsync(admin, world.KioskA), k => k["storageFull"]!.GetValue<bool>(), "the fleet to report the full disk");
            Assert.False(File.Exists(Path.Combine(kiosk.DataDirectory, "media", ".partial-" + sha)), "no half file is left taking the space");
            Assert.Contains("full", (await kiosk.HealthAsync())["media"]!["lastError"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
            // The board keeps showing, and keeps taking changes that need no disk space for media.
            var seq = await admin.PublishAsync("notices", TestWorld.Notice("after", "磁盘满之后的通知", TestWorld.CompoundA));
            await kiosk.WaitForSeqAsync(seq);
            var board = await kiosk.BoardAsync();
            Assert.Contains("磁盘满之前的通知", board);
            Assert.Contains("磁盘满之后的通知", board);
            Assert.DoesNotContain("停车位示意图", board);

            // Room again: the picture arrives and the warning clears.
            await Mount(kiosk.DataDirectory, "remount,size=16m");
            await kiosk.WaitForBoardAsync(b => b.Contains("停车位示意图"), "the notice once its picture fits");
            await Eventually.Until(() => FleetRowAsync(admin, world.KioskA), k => !k["storageFull"]!.GetValue<bool>(), "the fleet warning to clear");
        }
        finally
        {
            await kiosk.KillAsync();
            await Run("umount", kiosk.DataDirectory);
        }
    }

    private static async Task<JsonObject> FleetRowAsync(HttpClient admin, string kioskId) =>
        JsonNode.Parse(await admin.GetStringAsync("/api/fleet"))!.AsArray().Single(k => k!["id"]!.GetValue<string>() == kioskId)!.AsObject();

    private static async Task Mount(string directory, string options)
    {
        var (code, error) = await Run("mount", "-t", "tmpfs", "-o", options, "tmpfs", directory);
        Assert.True(code == 0, $"this test needs to mount a small tmpfs (root in the CI container): mount said {error}");
    }

    private static async Task<(int Code, string Error)> Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, error);
    }
}
