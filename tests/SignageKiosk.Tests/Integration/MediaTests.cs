using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

public sealed class MediaTests
{
    [Fact]
    public async Task A_corrupt_or_truncated_download_is_rejected_and_fetched_again_and_the_item_waits_for_it()
    {
        await using var controller = ControllerHost.Start("media");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await using var kiosk = await KioskProcess.StartAsync("media", controller.Url, world.Credentials["kiosk-a"]);

        // The file kiosks get is the controller's re-encoding of the upload, so that is the one to spoil.
        var media = await TestImages.UploadAsync(admin, TestImages.NoiseJpeg(160, 120), name: "photo.jpg");
        var (sha, photo) = (media.Sha256, media.Bytes);
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

    [Fact]
    public async Task A_kiosk_downloads_only_the_files_its_own_items_use()
    {
        await using var controller = ControllerHost.Start("media-scope");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        var media = await TestImages.UploadAsync(admin, TestImages.NoiseJpeg(64, 64), name: "wang.jpg");
        var (sha, photo) = (media.Sha256, media.Bytes);
        await admin.PublishAsync("people", new
        {
            id = "p-wang", name = "王秀英", party = "resident", photo = new { sha256 = sha, size = photo.Length, contentType = "image/jpeg" },
            target = new { placeId = TestWorld.CompoundA },
        });

        HttpClient As(string kiosk)
        {
            var client = controller.Anonymous();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", world.Credentials[kiosk]);
            return client;
        }
        using var kioskA = As("kiosk-a");
        using var lobbyA1 = As("kiosk-a1");
        using var kioskB = As("kiosk-b");
        // Compound A's kiosks (the station's and a building lobby's) receive the person, so they may fetch the photo.
        Assert.Equal(photo, await kioskA.GetByteArrayAsync("/api/media/" + sha));
        Assert.Equal(photo, await lobbyA1.GetByteArrayAsync("/api/media/" + sha));
        Assert.Equal(photo, await admin.GetByteArrayAsync("/api/media/" + sha));
        // Compound B's kiosk does not: told the file does not exist, as for a hash nobody uploaded.
        using (var refused = await kioskB.GetAsync("/api/media/" + sha))
        {
            Assert.Equal(System.Net.HttpStatusCode.NotFound, refused.StatusCode);
            Assert.DoesNotContain("wang", await refused.Content.ReadAsStringAsync());
        }
        // Once no item of compound A uses it, its kiosks lose it too.
        (await admin.DeleteAsync("/api/people/p-wang")).EnsureSuccessStatusCode();
        using (var gone = await kioskA.GetAsync("/api/media/" + sha))
        {
            Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.StatusCode);
        }
        Assert.Equal(photo, await admin.GetByteArrayAsync("/api/media/" + sha));
    }

    [Fact]
    public async Task A_file_whose_bytes_are_not_its_declared_type_is_refused_with_what_it_really_is()
    {
        await using var controller = ControllerHost.Start("media-type");
        using var admin = await controller.AdminAsync();
        var jpeg = TestImages.NoiseJpeg(32, 32);
        using var upload = new ByteArrayContent(jpeg);
        upload.Headers.ContentType = new MediaTypeHeaderValue("image/png");

        using var response = await admin.PostAsync("/api/media?name=poster.png", upload);

        Assert.Equal(System.Net.HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>();
        Assert.Contains("image/jpeg", error);
        Assert.Contains("image/png", error);
        Assert.Contains("不符", error);
        Assert.False(File.Exists(Path.Combine(controller.DataDirectory, "media", Convert.ToHexStringLower(SHA256.HashData(jpeg)))), "nothing stored");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await admin.GetAsync("/api/media/" + Convert.ToHexStringLower(SHA256.HashData(jpeg)))).StatusCode);
    }

    [Fact]
    public async Task The_same_file_uploaded_twenty_times_at_once_succeeds_every_time_and_is_stored_once()
    {
        await using var controller = ControllerHost.Start("media-race");
        using var admin = await controller.AdminAsync();
        for (var round = 0; round < 40; round++)
        {
            var photo = TestImages.NoiseJpeg(48, 48);

            var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
            {
                using var upload = new ByteArrayContent(photo);
                upload.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
                using var response = await admin.PostAsync("/api/media?name=same.jpg", upload);
                return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
            }));

            // The same picture re-encodes to the same bytes, so every upload names one file.
            Assert.All(answers, a => Assert.True(a.Item1 == 201, $"round {round}: {a.Item1} {a.Item2}"));
            var sha = JsonNode.Parse(answers[0].Item2)!["sha256"]!.GetValue<string>();
            Assert.All(answers, a => Assert.True(a.Item2.Contains(sha, StringComparison.Ordinal), $"round {round}: {a.Item2} is not {sha}"));
            Assert.Equal(sha, Convert.ToHexStringLower(SHA256.HashData(await admin.GetByteArrayAsync("/api/media/" + sha))));
            Assert.Equal([sha], Directory.GetFiles(Path.Combine(controller.DataDirectory, "media"), sha + "*").Select(Path.GetFileName));
        }
        Assert.Empty(Directory.GetFiles(Path.Combine(controller.DataDirectory, "media"), ".upload-*"));
    }

    [Fact]
    public async Task Every_response_tells_the_browser_not_to_sniff_its_type()
    {
        await using var controller = ControllerHost.Start("nosniff");
        using var admin = await controller.AdminAsync();
        using var anonymous = controller.Anonymous();
        var photo = TestImages.NoiseJpeg(32, 32);
        using var upload = new ByteArrayContent(photo);
        upload.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        using var uploaded = await admin.PostAsync("/api/media", upload);
        var sha = (await uploaded.Content.ReadFromJsonAsync<JsonObject>())!["sha256"]!.GetValue<string>();
        using var refused = new ByteArrayContent("<script>alert(1)</script>"u8.ToArray());
        refused.Headers.ContentType = new MediaTypeHeaderValue("image/gif");

        var responses = new List<(string What, HttpResponseMessage Response)>
        {
            ("upload", uploaded),
            ("media", await admin.GetAsync("/api/media/" + sha)),
            ("media range", await admin.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/media/" + sha) { Headers = { Range = new RangeHeaderValue(0, 9) } })),
            ("refused upload", await admin.PostAsync("/api/media", refused)),
            ("api list", await admin.GetAsync("/api/notices")),
            ("api 401", await anonymous.GetAsync("/api/notices")),
            ("api 404", await admin.GetAsync("/api/nonsense")),
            ("health", await anonymous.GetAsync("/healthz")),
            ("sign-in page", await anonymous.GetAsync("/admin/login")),
            ("stylesheet", await anonymous.GetAsync("/admin/admin.css")),
            ("page redirect", await anonymous.GetAsync("/admin/notices")),
        };
        foreach (var (what, response) in responses)
        {
            Assert.True(response.Headers.TryGetValues("X-Content-Type-Options", out var values) && values.Single() == "nosniff", $"{what} ({(int)response.StatusCode}) lacks nosniff");
            response.Dispose();
        }
    }
}
