using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// GET /api/print/notices/{id}, /api/posters/notices/{id} and the public page their QR codes open (GET /n/{id}),
/// on a real controller: the QR decoded by zbar leads to the notice; staff print only what they may read; the
/// public sees only what a board shows now, and nothing staff-only.
/// </summary>
public sealed class NoticePrintEndpointTests
{
    private static async Task<string> SaveAsync(HttpResponseMessage response, string name)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var path = Path.Combine(Repo.TempDirectory("notice-api"), name);
        await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync());
        return path;
    }

    private static async Task<string> ErrorAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>();

    [Fact]
    public async Task The_qr_codes_open_the_public_page_and_staff_print_only_notices_they_may_read()
    {
        await using var controller = ControllerHost.Start("print-notice");
        using var admin = await controller.AdminAsync();
        await TestWorld.CreateAsync(admin);
        var photo = await TestImages.UploadAsync(admin, TestImages.PhotoJpeg(900, 600));
        var now = DateTimeOffset.UtcNow;
        await admin.PublishAsync("notices", new
        {
            id = "n-water", title = "12月8日停水通知", body = "因管网改造，12月8日8:00至18:00停水。\n请提前储水。", category = "outage", priority = "urgent",
            validFrom = now.AddDays(-1), validTo = now.AddDays(3),
            image = new { sha256 = photo.Sha256, size = photo.Size, contentType = photo.ContentType },
            target = new { placeId = TestWorld.CompoundA },
        });
        await admin.PublishAsync("notices", new { id = "n-old", title = "已过期的通知", body = "旧", validFrom = now.AddDays(-10), validTo = now.AddDays(-2), target = new { placeId = TestWorld.CompoundA } });
        await admin.PublishAsync("notices", new { id = "n-later", title = "还没开始的通知", body = "新", validFrom = now.AddDays(2), target = new { placeId = TestWorld.CompoundA } });
        await admin.PublishAsync("notices", new { id = "n-gone", title = "撤下的通知", body = "撤", target = new { placeId = TestWorld.CompoundA } });
        using (var draft = await admin.PostAsJsonAsync("/api/notices?draft=true", new { id = "n-draft", title = "草稿通知", body = "草稿", target = new { placeId = TestWorld.CompoundA } }))
        {
            Assert.Equal(HttpStatusCode.Accepted, draft.StatusCode);
        }
        await admin.PostJsonAsync("/api/users", new { username = "pm-a", password = "a-long-password", role = "propertyManager", scopePlaceId = TestWorld.CompoundA, mustChangePassword = false });
        await admin.PostJsonAsync("/api/users", new { username = "pm-b", password = "a-long-password", role = "propertyManager", scopePlaceId = TestWorld.CompoundB, mustChangePassword = false });
        using var pmA = await controller.SignInAsync("pm-a", "a-long-password");
        using var pmB = await controller.SignInAsync("pm-b", "a-long-password");
        using var anonymous = controller.Anonymous();
        var publicUrl = $"{controller.Url}/n/n-water";

        // The PDF: title and body in reading order; its QR, rasterised at 150 dpi and decoded, is the public page.
        using (var response = await admin.GetAsync("/api/print/notices/n-water?format=pdf"))
        {
            Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
            var pdf = await SaveAsync(response, "notice.pdf");
            var text = PrintTools.NoSpaces(PrintTools.PdfText(pdf));
            Assert.True(text.IndexOf("12月8日停水通知", StringComparison.Ordinal) is >= 0 and var title
                && text.IndexOf("因管网改造，12月8日8:00至18:00停水。", StringComparison.Ordinal) > title
                && text.IndexOf("请提前储水。", StringComparison.Ordinal) > title, text);
            Assert.Contains("发布：丹桂苑红色驿站", text);
            Assert.Equal([publicUrl], PrintTools.QrCodes(PrintTools.Rasterise(pdf, 1)));
        }
        // The poster, for someone of the notice's compound.
        using (var response = await pmA.GetAsync("/api/posters/notices/n-water"))
        {
            Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
            var png = await SaveAsync(response, "poster.png");
            Assert.Equal(1080, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(File.ReadAllBytes(png).AsSpan(16)));
            Assert.Equal([publicUrl], PrintTools.QrCodes(png));
        }
        using (var response = await pmA.GetAsync("/api/print/notices/n-water?format=png"))
        {
            Assert.Equal([publicUrl], PrintTools.QrCodes(await SaveAsync(response, "page.png")));
        }

        // What the QR opens: no sign-in, zh-CN, the notice's words and picture, nothing staff-only.
        using (var page = await anonymous.GetAsync(new Uri(publicUrl)))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
            Assert.Equal("no-store", page.Headers.CacheControl!.ToString());
            Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("<html lang=\"zh-CN\">", html);
            Assert.Contains("width=device-width", html);
            Assert.Contains("<h1>12月8日停水通知</h1>", html);
            Assert.Contains("因管网改造", html);
            Assert.Contains("丹桂苑红色驿站", html);
            Assert.Contains("停水停电 · 紧急", html);
            Assert.Contains("<img src=\"/n/n-water/picture\"", html);
            foreach (var staffOnly in new[] { "admin", TestWorld.CompoundA, "station-a", "kiosk", photo.Sha256, "updated" })
            {
                Assert.DoesNotContain(staffOnly, html, StringComparison.OrdinalIgnoreCase);
            }
        }
        using (var picture = await anonymous.GetAsync("/n/n-water/picture"))
        {
            Assert.Equal(HttpStatusCode.OK, picture.StatusCode);
            Assert.Equal(photo.ContentType, picture.Content.Headers.ContentType!.MediaType);
            Assert.Equal(photo.Bytes, await picture.Content.ReadAsByteArrayAsync());
        }

        // Withdrawn, expired, not yet valid, a draft, unknown: the same Chinese 404 page, picture included.
        await admin.DeleteAsync("/api/notices/n-gone");
        foreach (var id in new[] { "n-old", "n-later", "n-draft", "n-gone", "no-such-notice", "%3Cscript%3E", new string('x', 500) })
        {
            using var refused = await anonymous.GetAsync($"/n/{id}");
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            var html = await refused.Content.ReadAsStringAsync();
            Assert.Contains("通知不存在或已过期", html);
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("已过期的通知", html);
            using var noPicture = await anonymous.GetAsync($"/n/{id}/picture");
            Assert.Equal(HttpStatusCode.NotFound, noPicture.StatusCode);
        }
        // Staff still print an expired notice of theirs (to take it down, to file it): reading rules, not the public's.
        using (var expired = await admin.GetAsync("/api/print/notices/n-old"))
        {
            Assert.Equal(HttpStatusCode.OK, expired.StatusCode);
        }

        // Outside the notice's area: as if it did not exist. Not signed in: 401.
        foreach (var path in new[] { "/api/print/notices/n-water", "/api/print/notices/n-water?format=png", "/api/posters/notices/n-water", "/api/posters/notices/no-such-notice" })
        {
            using var refused = await pmB.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            Assert.Contains("通知不存在或不在您的管理范围内", await ErrorAsync(refused));
            using var stranger = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, stranger.StatusCode);
        }
        // Bad input: a clear 400 in Chinese.
        using (var badFormat = await admin.GetAsync("/api/print/notices/n-water?format=docx"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badFormat.StatusCode);
            Assert.Contains("format 只能是 pdf 或 png", await ErrorAsync(badFormat));
        }
        using (var badPage = await admin.GetAsync("/api/print/notices/n-water?format=png&page=2"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badPage.StatusCode);
            Assert.Contains("第 2 页不存在：共 1 页", await ErrorAsync(badPage));
        }

        // 打印 and 生成海报 on the notices page, and behind them the same files through the page's cookie.
        using var pages = new StaffBrowserClient(controller.Url);
        await pages.SignInAsync("admin", ControllerHost.AdminPassword);
        var list = await (await pages.GetAsync("/admin/notices")).Content.ReadAsStringAsync();
        Assert.Contains("/admin/notices?handler=print&amp;id=n-water", list);
        Assert.Contains("/admin/notices?handler=poster&amp;id=n-water", list);
        using (var printed = await pages.GetAsync("/admin/notices?handler=print&id=n-water"))
        {
            Assert.Equal("application/pdf", printed.Content.Headers.ContentType!.MediaType);
            Assert.Equal("inline", printed.Content.Headers.ContentDisposition!.DispositionType);
        }
        using (var poster = await pages.GetAsync("/admin/notices?handler=poster&id=n-water"))
        {
            Assert.Equal([publicUrl], PrintTools.QrCodes(await SaveAsync(poster, "page-poster.png")));
        }
    }

    [Fact]
    public async Task The_public_page_reads_on_a_360_pixel_phone()
    {
        await using var controller = ControllerHost.Start("print-notice-phone");
        using var admin = await controller.AdminAsync();
        await TestWorld.CreateAsync(admin);
        var photo = await TestImages.UploadAsync(admin, TestImages.PhotoJpeg(1600, 900));
        await admin.PublishAsync("notices", new
        {
            id = "n-long", title = "关于小区停车管理的通知 Parking notice 🚗", body = "请车主注意：\n" + new string('Z', 5000) + "\n谢谢配合 Thanks 🙏",
            image = new { sha256 = photo.Sha256, size = photo.Size, contentType = photo.ContentType },
            target = new { placeId = TestWorld.CompoundA },
        });
        var (playwright, browser) = await Browser.LeaseAsync();
        try
        {
            var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 360, Height = 740 }, DeviceScaleFactor = 2, IsMobile = true });
            var page = await context.NewPageAsync();
            var response = await page.GotoAsync(controller.Url + "/n/n-long");
            Assert.Equal(200, response!.Status);
            Assert.Equal("关于小区停车管理的通知 Parking notice 🚗", await page.TextContentAsync("h1"));
            // Nothing wider than the phone: the 5,000-character token wraps, the picture shrinks to fit.
            Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 360);
            Assert.True(await page.EvaluateAsync<bool>("(() => { const i = document.querySelector('img'); return i.complete && i.naturalWidth > 0 && i.getBoundingClientRect().right <= 360; })()"));
            // The inline style ran under the CSP (its nonce): the board's red header.
            Assert.Equal("rgb(142, 18, 18)", await page.EvaluateAsync<string>("getComputedStyle(document.querySelector('header')).backgroundColor"));
            await page.ScreenshotAsync(new() { Path = Path.Combine(Repo.TempDirectory("notice-phone"), "phone.png") });
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    [Fact]
    public async Task The_qr_code_carries_the_configured_public_url()
    {
        await using var controller = ControllerHost.Start("print-notice-url", settings: new() { ["Controller:PublicUrl"] = "https://board.example.cn/" });
        using var admin = await controller.AdminAsync();
        await TestWorld.CreateAsync(admin);
        await admin.PublishAsync("notices", TestWorld.Notice("n-fee", "物业费缴纳通知", TestWorld.CompoundB));
        using var response = await admin.GetAsync("/api/posters/notices/n-fee");
        Assert.Equal(["https://board.example.cn/n/n-fee"], PrintTools.QrCodes(await SaveAsync(response, "poster.png")));
    }
}
