using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using SignageKiosk.Tests.Support;
using Xunit.Abstractions;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// Every writer the kiosk has, running together for a minute in one real kiosk process: sync applying a stream of
/// publishes and edits, the media fetcher marking downloaded pictures, proof of display counting what an open page
/// reports and marking what the controller confirmed, and the good copy being taken every second. LiteDB 5 has
/// corrupted its free-page list when two transactions wrote different collections at once (LiteDB issue 2825); the
/// kiosk funnels them through one writer. Afterwards the store, killed and reopened, checks clean and holds exactly
/// what was written.
/// </summary>
[RunsFor(60)]
public sealed class StoreWritersTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Sync_media_and_proof_of_display_writing_together_for_a_minute_leave_a_store_that_checks_clean_with_matching_counts()
    {
        await using var controller = ControllerHost.Start("store-writers");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await using var kiosk = await KioskProcess.StartAsync("store-writers", controller.Url, world.Credentials["kiosk-a"], new()
        {
            ["Kiosk:Store:GoodCopyInterval"] = "00:00:01",
            ["Display:FlushInterval"] = "00:00:01",
            ["Display:UploadInterval"] = "00:00:01",
            ["Display:PageTimeout"] = "00:00:02",
        });
        await kiosk.WaitForSeqAsync(await admin.HeadAsync());
        var baseline = (await kiosk.HealthAsync())["items"]!.GetValue<long>();

        var titles = new Dictionary<string, string>();
        var pictures = new HashSet<string>();
        var displayPuts = 0;
        using var minute = new CancellationTokenSource(TimeSpan.FromMinutes(1));

        // Sync: new notices and edits of earlier ones, four at a time.
        var sync = Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            for (var n = 0; !minute.IsCancellationRequested; n++)
            {
                var id = $"w{worker}-{n % 40}";
                var title = $"第{worker}组通知{n}";
                if (n < 40)
                {
                    await admin.PublishAsync("notices", TestWorld.Notice(id, title, TestWorld.CompoundA));
                }
                else
                {
                    await admin.PutJsonAsync($"/api/notices/{id}", TestWorld.Notice(id, title, TestWorld.CompoundA));
                }
                lock (titles)
                {
                    titles[id] = title;
                }
            }
        })));

        // Media: a notice with a new picture every half second; the kiosk downloads and marks each.
        var media = Task.Run(async () =>
        {
            for (var n = 0; !minute.IsCancellationRequested; n++)
            {
                using var upload = new ByteArrayContent(TestImages.NoiseJpeg(80, 64));
                upload.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
                var response = await admin.PostAsync($"/api/media?name=p{n}.jpg", upload);
                response.EnsureSuccessStatusCode();
                var stored = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
                var sha = stored["sha256"]!.GetValue<string>();
                var id = $"photo-{n}";
                var title = $"图片通知{n}";
                await admin.PublishAsync("notices", new
                {
                    id, title, priority = "normal", target = new { placeId = TestWorld.CompoundA },
                    image = new { sha256 = sha, size = stored["size"]!.GetValue<long>(), contentType = stored["contentType"]!.GetValue<string>() },
                });
                lock (titles)
                {
                    titles[id] = title;
                    pictures.Add(sha);
                }
                await Task.Delay(500);
            }
        });

        // Proof of display: an open board page reporting the notices it shows, changing every 200 ms.
        using var board = await kiosk.BoardClientAsync();
        var display = Task.Run(async () =>
        {
            for (var n = 0; !minute.IsCancellationRequested; n++)
            {
                var shown = new[] { $"w{n % 4}-{n % 40}", $"w{(n + 1) % 4}-{(n + 7) % 40}", "photo-0" };
                var response = await board.PutAsJsonAsync("/display", new { page = "writers", notices = shown });
                Assert.Equal(System.Net.HttpStatusCode.NoContent, response.StatusCode);
                displayPuts++;
                await Task.Delay(200);
            }
        });

        await Task.WhenAll(sync, media, display);
        var head = await admin.HeadAsync();
        await kiosk.WaitForSeqAsync(head, "the kiosk to apply everything published in the minute");
        await Eventually.Until(kiosk.HealthAsync, h => h["media"]!["pending"]!.GetValue<long>() == 0, "every picture downloaded", TimeSpan.FromMinutes(2));
        // The page stopped reporting; after its timeout nothing more is counted, so the figures stand still.
        await Task.Delay(3500);
        using var local = new HttpClient();
        var counted = (await local.GetFromJsonAsync<JsonObject>(kiosk.Url + "/display"))!["hours"]!.AsArray()
            .Select(h => (Notice: h!["noticeId"]!.GetValue<string>(), Seconds: h["seconds"]!.GetValue<int>()))
            .OrderBy(h => h.Notice, StringComparer.Ordinal).ToList();
        var health = await kiosk.HealthAsync();
        await kiosk.KillAsync();

        // Reopened by the kiosk itself: its check on open finds the seal intact (no fallback to the copy).
        await kiosk.StartAsync();
        var reopened = await kiosk.HealthAsync();
        Assert.Equal("Clean", reopened["store"]!["opening"]!.GetValue<string>());
        Assert.Equal(head, reopened["seq"]!.GetValue<long>());
        await kiosk.KillAsync();

        using var store = KioskStoreFile.Open(kiosk.DataDirectory)!;
        Assert.Equal(head, store.Cursor);
        Assert.Equal(baseline + titles.Count, store.Items.Count());
        Assert.Equal(titles.OrderBy(t => t.Key, StringComparer.Ordinal), store.NoticeTitles().Where(t => titles.ContainsKey(t.Key)).OrderBy(t => t.Key, StringComparer.Ordinal));
        Assert.Equal(pictures.Count, store.MediaCount);
        foreach (var sha in pictures)
        {
            Assert.Equal(sha, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(kiosk.DataDirectory, "media", sha)))));
        }
        var stored = store.DisplayHours()
            .GroupBy(h => h.Notice)
            .Select(g => (Notice: g.Key, Seconds: (int)g.Sum(h => h.ShownMs / 1000)))
            .OrderBy(h => h.Notice, StringComparer.Ordinal).ToList();
        var countedByNotice = counted.GroupBy(h => h.Notice).Select(g => (Notice: g.Key, Seconds: g.Sum(h => h.Seconds))).OrderBy(h => h.Notice, StringComparer.Ordinal).ToList();
        Assert.Equal(countedByNotice, stored);
        Assert.NotEmpty(stored);
        Assert.All(store.DisplayHours(), h => Assert.InRange(h.SentSeconds, 0, h.ShownMs / 1000));
        output.WriteLine($"in one minute: {head} changes, {titles.Count} notices, {pictures.Count} pictures, {displayPuts} display reports; " +
            $"the kiosk applied {health["changesApplied"]} changes; {stored.Count} notices with display time, {stored.Sum(s => s.Seconds)} s counted");
    }
}
