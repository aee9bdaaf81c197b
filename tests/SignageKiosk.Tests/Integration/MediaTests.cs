using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

[Collection(ClusterCollection.Name)]
public sealed class MediaTests
{
    [Fact]
    public async Task A_corrupt_or_truncated_download_is_rejected_and_fetched_again_and_the_item_waits_for_it()
    {
        await using var controller = ControllerHost.Start("media");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await using var kiosk = await KioskProcess.StartAsync("media", controller.Url, world.Credentials["kiosk-a"]);

        var photo = RandomNumberGenerator.GetBytes(64 * 1024);
        photo[0] = 0xFF; photo[1] = 0xD8; photo[2] = 0xFF;   // a JPEG's signature: the controller checks it
        using var upload = new ByteArrayContent(photo);
        upload.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        var uploaded = await (await admin.PostAsync("/api/media?name=photo.jpg", upload)).Content.ReadFromJsonAsync<JsonObject>();
        var sha = uploaded!["sha256"]!.GetValue<string>();
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(photo)), sha);
        var stored = Path.Combine(controller.DataDirectory, "media", sha);

        // The controller's copy goes bad before any kiosk has it.
        var corrupt = (byte[])photo.Clone();
        corrupt[1000] ^= 0xFF;
        await File.WriteAllBytesAsync(stored, corrupt);

        await admin.PublishAsync("people", new
        {
            id = "p-wang", name = "王秀英", party = "resident", phone = "13800000001", phonePublic = true,
            photo = new { sha256 = sha, size = photo.Length, contentType = "image/jpeg" },
            target = new { placeId = TestWorld.CompoundA },
        });
        var seq = await admin.PublishAsync("roster", new { id = "r-wang", personId = "p-wang", role = "buildingHead", buildingId = TestWorld.BuildingA1, target = new { placeId = TestWorld.CompoundA } });
        await kiosk.WaitForSeqAsync(seq);

        await Eventually.Until(kiosk.HealthAsync, h => h["media"]!["rejected"]!.GetValue<long>() >= 1, "the corrupt file to be rejected");
        Assert.DoesNotContain("王秀英", await kiosk.BoardAsync());
        Assert.False(File.Exists(Path.Combine(kiosk.DataDirectory, "media", sha)));

        await File.WriteAllBytesAsync(stored, photo[..(photo.Length / 2)]);
        var rejected = (await kiosk.HealthAsync())["media"]!["rejected"]!.GetValue<long>();
        await Eventually.Until(kiosk.HealthAsync, h => h["media"]!["rejected"]!.GetValue<long>() > rejected, "the truncated file to be rejected");
        Assert.DoesNotContain("王秀英", await kiosk.BoardAsync());

        await File.WriteAllBytesAsync(stored, photo);
        await kiosk.WaitForBoardAsync(b => b.Contains("王秀英"), "the person to appear once the photo verifies");
        Assert.Equal(photo, await File.ReadAllBytesAsync(Path.Combine(kiosk.DataDirectory, "media", sha)));
        Assert.Equal(1, (await kiosk.HealthAsync())["media"]!["verified"]!.GetValue<long>());
    }
}
