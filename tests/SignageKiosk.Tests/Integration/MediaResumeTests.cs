using SignageKiosk.Tests.Support;
using Xunit;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// A kiosk stopped after the last byte of a picture reached its partial file but before the file was checked and
/// renamed (a window the kill tests can land in) finds the partial file whole at its next start: it checks it and
/// keeps it, instead of asking for the whole file again from byte zero.
/// </summary>
public sealed class MediaResumeTests
{
    [Fact]
    public async Task A_partial_file_already_whole_is_checked_and_kept_without_fetching_it_again()
    {
        await using var controller = ControllerHost.Start("media-whole-partial");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await using var proxy = new TcpProxy(controller.Port);
        await using var kiosk = await KioskProcess.StartAsync("media-whole-partial", proxy.Url, world.Credentials["kiosk-a"]);
        await kiosk.WaitForSeqAsync(await admin.HeadAsync());
        await kiosk.KillAsync();

        var (sha, _, _, photo) = await TestImages.UploadAsync(admin, TestImages.NoiseJpeg(640, 640, quality: 95), name: "whole.jpg");
        var seq = await admin.PublishAsync("notices", new
        {
            id = "whole-partial", title = "停电检修示意图", priority = "urgent", target = new { placeId = TestWorld.CompoundA },
            image = new { sha256 = sha, size = photo.Length, contentType = "image/jpeg" },
        });
        var media = Path.Combine(kiosk.DataDirectory, "media");
        Directory.CreateDirectory(media);
        await File.WriteAllBytesAsync(Path.Combine(media, ".partial-" + sha), photo);

        await kiosk.StartAsync();
        await kiosk.WaitForSeqAsync(seq);
        await kiosk.WaitForBoardAsync(b => b.Contains("停电检修示意图"), "the notice to show once its picture is verified");

        Assert.Equal(photo, await File.ReadAllBytesAsync(Path.Combine(media, sha)));
        Assert.False(File.Exists(Path.Combine(media, ".partial-" + sha)));
        Assert.Equal(0, proxy.MediaRequests);
    }
}
