using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// GET /api/print/roster/{buildingId} and 打印 on the roster page, on a real controller: whoever may read the
/// building's roster may print it, nobody else learns it exists; private numbers are masked on paper.
/// </summary>
public sealed class PrintEndpointTests
{
    private static async Task<string> PdfTextAsync(byte[] pdf)
    {
        var dir = Repo.TempDirectory("print-api");
        var path = Path.Combine(dir, "roster.pdf");
        await File.WriteAllBytesAsync(path, pdf);
        var start = new ProcessStartInfo("pdftotext") { RedirectStandardOutput = true, ArgumentList = { "-layout", path, "-" } };
        using var process = Process.Start(start)!;
        var text = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        return System.Text.RegularExpressions.Regex.Replace(text, "[ \\t]+", " ");
    }

    [Fact]
    public async Task Staff_print_the_rosters_they_may_read_and_no_other()
    {
        await using var controller = ControllerHost.Start("print-roster");
        using var admin = await controller.AdminAsync();
        await TestWorld.CreateAsync(admin);
        var target = new { placeId = TestWorld.CompoundA };
        await admin.PublishAsync("people", new { id = "p-head", name = "王芳", party = "resident", phone = "13812345678", phonePublic = false, target });
        await admin.PublishAsync("people", new { id = "p-steward", name = "李明", phone = "13987654321", phonePublic = true, target });
        await admin.PublishAsync("roster", new { id = "r-head", personId = "p-head", role = "buildingHead", buildingId = TestWorld.BuildingA1, target });
        await admin.PublishAsync("roster", new { id = "r-steward", personId = "p-steward", role = "redSteward", buildingId = TestWorld.BuildingA1, unitId = "a1-u1", target });
        await admin.PostJsonAsync("/api/users", new { username = "pm-a", password = "a-long-password", role = "propertyManager", scopePlaceId = TestWorld.CompoundA, mustChangePassword = false });
        await admin.PostJsonAsync("/api/users", new { username = "pm-b", password = "a-long-password", role = "propertyManager", scopePlaceId = TestWorld.CompoundB, mustChangePassword = false });
        using var pmA = await controller.SignInAsync("pm-a", "a-long-password");
        using var pmB = await controller.SignInAsync("pm-b", "a-long-password");

        // The administrator's PDF: title, places, both people in order, the private number masked even for them.
        using (var response = await admin.GetAsync($"/api/print/roster/{TestWorld.BuildingA1}?format=pdf"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
            var text = await PdfTextAsync(await response.Content.ReadAsByteArrayAsync());
            Assert.Contains("1栋 楼栋公示", text);
            Assert.Contains("幸福里社区 · 丹桂苑", text);
            Assert.True(text.IndexOf("王芳", StringComparison.Ordinal) is var head && head >= 0 && head < text.IndexOf("李明", StringComparison.Ordinal), text);
            Assert.Contains("*******5678", text);
            Assert.DoesNotContain("13812345678", text);
            Assert.Contains("13987654321", text);
        }

        // A property manager of the same compound reads that roster, so may print it; one of another compound may not.
        Assert.NotEmpty((await pmA.GetFromJsonAsync<JsonObject>("/api/roster"))!["items"]!.AsArray());
        using (var png = await pmA.GetAsync($"/api/print/roster/{TestWorld.BuildingA1}?format=png"))
        {
            Assert.Equal(HttpStatusCode.OK, png.StatusCode);
            Assert.Equal("image/png", png.Content.Headers.ContentType!.MediaType);
            var bytes = await png.Content.ReadAsByteArrayAsync();
            Assert.Equal(2481, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16))); // A4 at 300 dpi
        }
        foreach (var path in new[] { $"/api/print/roster/{TestWorld.BuildingA1}", "/api/print/roster/no-such-building", $"/api/print/roster/{TestWorld.CompoundA}" })
        {
            using var refused = await pmB.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            Assert.Contains("楼栋不存在或不在您的管理范围内", (await refused.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>());
        }

        // Bad input: a clear 400 in Chinese.
        using (var badFormat = await admin.GetAsync($"/api/print/roster/{TestWorld.BuildingA1}?format=docx"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badFormat.StatusCode);
            Assert.Contains("format 只能是 pdf 或 png", await badFormat.Content.ReadAsStringAsync());
        }
        using (var badPage = await admin.GetAsync($"/api/print/roster/{TestWorld.BuildingA1}?format=png&page=3"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badPage.StatusCode);
            Assert.Contains("第 3 页不存在：共 1 页", await badPage.Content.ReadAsStringAsync());
        }
        using (var anonymous = new HttpClient { BaseAddress = new Uri(controller.Url) })
        using (var refused = await anonymous.GetAsync($"/api/print/roster/{TestWorld.BuildingA1}"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        // 打印 on the staff page: a link, and behind it the same PDF, through the page's cookie.
        using var pages = new StaffBrowserClient(controller.Url);
        await pages.SignInAsync("admin", ControllerHost.AdminPassword);
        var html = await (await pages.GetAsync($"/admin/roster?building={TestWorld.BuildingA1}")).Content.ReadAsStringAsync();
        Assert.Contains("data-action=\"print\"", html);
        Assert.Contains($"/admin/roster?handler=print&amp;building={TestWorld.BuildingA1}", html);
        using var printed = await pages.GetAsync($"/admin/roster?handler=print&building={TestWorld.BuildingA1}");
        Assert.Equal(HttpStatusCode.OK, printed.StatusCode);
        Assert.Equal("application/pdf", printed.Content.Headers.ContentType!.MediaType);
        Assert.Equal("inline", printed.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Contains("王芳", await PdfTextAsync(await printed.Content.ReadAsByteArrayAsync()));
    }
}
