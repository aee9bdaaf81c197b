using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// Full disks on both sides. The kiosk's data folder on a 2 MB tmpfs: a 3 MB picture cannot be stored. The download fails cleanly (no
/// half file left taking the space), the board keeps showing and keeps taking changes, the fleet reports the full
/// disk, and once there is room the picture arrives and the warning clears. The controller's on a tmpfs filled to the
/// last byte: writes are refused with 507 and a clear message, nothing is half-written, and writes work once there is room.
/// </summary>
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

            // Noise stays about 2.6 MB after the controller re-encodes it: more than the kiosk's 2 MB disk.
            var (sha, _, _, photo) = await TestImages.UploadAsync(admin, TestImages.NoiseJpeg(1920, 1920, quality: 100), name: "map.jpg");
            Assert.True(photo.Length > 2 * 1024 * 1024, $"the stored picture is {photo.Length} bytes: it must not fit on the kiosk's disk");
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

    [Fact]
    public async Task When_the_disk_fills_during_store_writes_the_kiosk_keeps_its_content_and_catches_up_once_there_is_room()
    {
        await using var controller = ControllerHost.Start("kiosk-store-full");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await admin.PublishAsync("notices", TestWorld.Notice("before", "磁盘满之前的通知", TestWorld.CompoundA));
        var kiosk = new KioskProcess("kiosk-store-full", controller.Url, world.Credentials["kiosk-a"], new() { ["Kiosk:Store:GoodCopyInterval"] = "00:00:01" });
        await Mount(kiosk.DataDirectory, "size=4m");
        try
        {
            await kiosk.StartAsync();
            await kiosk.WaitForSeqAsync(await admin.HeadAsync());
            var filler = Path.Combine(kiosk.DataDirectory, "filler");
            FillDisk(filler);

            // Changes keep coming while not one byte fits: store writes and good copies fail; nothing half-applied.
            long head = 0;
            for (var i = 0; i < 60; i++)
            {
                head = await admin.PublishAsync("notices", new { id = $"full-{i}", title = $"磁盘满时的通知{i}", body = new string('满', 1500), priority = "normal", target = new { placeId = TestWorld.CompoundA } });
            }
            await Task.Delay(3000);
            var stuck = await kiosk.HealthAsync();
            Assert.True(stuck["seq"]!.GetValue<long>() < head, "with no room the kiosk cannot have taken every change");
            Assert.Contains("磁盘满之前的通知", await kiosk.BoardAsync());

            // Room again: it catches up by itself, and after a SIGKILL its store opens clean with everything in it.
            File.Delete(filler);
            await kiosk.WaitForSeqAsync(head, "the kiosk to catch up once there is room");
            await kiosk.WaitForBoardAsync(b => b.Contains("磁盘满时的通知59"), "the notices published while the disk was full");
            await kiosk.KillAsync();
            await kiosk.StartAsync();
            var health = await kiosk.HealthAsync();
            Assert.Equal("Clean", health["store"]!["opening"]!.GetValue<string>());
            Assert.Equal(head, health["seq"]!.GetValue<long>());
            Assert.Contains("磁盘满时的通知59", await kiosk.BoardAsync());
        }
        finally
        {
            await kiosk.KillAsync();
            await Run("umount", kiosk.DataDirectory);
        }
    }

    [Fact]
    public async Task On_a_full_disk_the_controller_answers_507_writes_nothing_half_and_recovers_when_there_is_room()
    {
        var data = Repo.TempDirectory("controller-full-disk");
        await Mount(data, "size=16m");
        try
        {
            await using var controller = ControllerHost.Start("controller-full-disk", settings: new() { ["Storage:DataDirectory"] = data }, store: StoreProvider.Sqlite);
            using var admin = await controller.AdminAsync();
            await TestWorld.CreateAsync(admin);
            await admin.PublishAsync("notices", TestWorld.Notice("before", "磁盘满之前的通知", TestWorld.CompoundA));
            var head = await admin.HeadAsync();
            var db = controller.Services.GetRequiredService<ControllerDb>();
            await using (var connection = await db.OpenAsync(CancellationToken.None))
            {
                // An empty WAL: the next commit must take new space, so the test does not depend on room left in it.
                await Exec((SqliteConnection)connection, "PRAGMA wal_checkpoint(TRUNCATE);");
            }
            var filler = Path.Combine(data, "filler");
            FillDisk(filler);

            var notice = new { id = "on-full-disk", title = "磁盘满时发布的通知", body = new string('满', 3000), target = new { placeId = TestWorld.CompoundA } };
            using (var refused = await admin.PostAsJsonAsync("/api/notices", notice))
            {
                Assert.Equal(HttpStatusCode.InsufficientStorage, refused.StatusCode);
                Assert.StartsWith("存储空间已满", (await refused.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>());
            }
            var picture = TestImages.NoiseJpeg(320, 320);
            using (var upload = new ByteArrayContent(picture))
            {
                upload.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
                using var refused = await admin.PostAsync("/api/media?name=full.jpg", upload);
                Assert.Equal(HttpStatusCode.InsufficientStorage, refused.StatusCode);
                Assert.StartsWith("存储空间已满", (await refused.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>());
            }

            // Nothing half-written: the store is whole, the notice is neither in the items nor in the change log, no stray file.
            await using (var connection = await db.OpenAsync(CancellationToken.None))
            {
                Assert.Equal("ok", await Scalar((SqliteConnection)connection, "PRAGMA integrity_check;"));
                Assert.Equal(0L, await Scalar((SqliteConnection)connection, "SELECT count(*) FROM items WHERE id = 'on-full-disk';"));
                Assert.Equal(0L, await Scalar((SqliteConnection)connection, "SELECT count(*) FROM changes WHERE item_id = 'on-full-disk';"));
            }
            Assert.Equal(head, await admin.HeadAsync());
            var media = Path.Combine(data, "media");
            Assert.False(Directory.Exists(media) && Directory.EnumerateFiles(media).Any(), "no partial upload is left taking the space");

            // Room again: the same writes go through.
            File.Delete(filler);
            Assert.True(await admin.PublishAsync("notices", notice) > head);
            using (var upload = new ByteArrayContent(picture))
            {
                upload.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
                using var stored = await admin.PostAsync("/api/media?name=full.jpg", upload);
                Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
            }
            Assert.Contains("磁盘满时发布的通知", await admin.GetStringAsync("/api/notices"));
            await using (var connection = await db.OpenAsync(CancellationToken.None))
            {
                Assert.Equal("ok", await Scalar((SqliteConnection)connection, "PRAGMA integrity_check;"));
            }
        }
        finally
        {
            await Run("umount", data);
        }
    }

    /// <summary>Writes until the file system refuses another byte.</summary>
    private static void FillDisk(string path)
    {
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
        foreach (var chunk in new[] { 1024 * 1024, 64 * 1024, 4096, 512, 1 })
        {
            var bytes = new byte[chunk];
            try
            {
                while (true)
                {
                    file.Write(bytes);
                }
            }
            catch (IOException)
            {
                // Full at this chunk size: try a smaller one.
            }
        }
    }

    private static async Task Exec(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> Scalar(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private static async Task<JsonObject> FleetRowAsync(HttpClient admin, string kioskId) =>
        JsonNode.Parse(await admin.GetStringAsync("/api/fleet"))!["items"]!.AsArray().Single(k => k!["id"]!.GetValue<string>() == kioskId)!.AsObject();

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
