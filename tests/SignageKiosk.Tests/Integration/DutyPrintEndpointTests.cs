using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// GET /api/print/duty/{placeId} and /api/print/overview/{compoundId}, and 打印 on the staff pages, on a real
/// controller: the shifts and buildings the caller may read and a board there shows, nobody else's; a station's
/// time zone decides the week.
/// </summary>
public sealed class DutyPrintEndpointTests
{
    private static async Task<string> PdfTextAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        var path = Path.Combine(Repo.TempDirectory("print-duty-api"), "sheet.pdf");
        await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync());
        return PdfTools.Text(path);
    }

    private static async Task AssertRefusedAsync(HttpClient client, string path, HttpStatusCode status, string message)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(status, response.StatusCode);
        Assert.Contains(message, (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>());
    }

    private static object Shift(string id, string name, string role, string start, string end, string placeId, string? phone = null) =>
        new { id, personName = name, role, phone, start, end, location = "应急服务站", target = new { placeId } };

    [Fact]
    public async Task Staff_print_the_duty_week_they_may_read_and_no_other()
    {
        await using var controller = ControllerHost.Start("print-duty");
        using var admin = await controller.AdminAsync();
        await TestWorld.CreateAsync(admin);
        await admin.PublishAsync("duty-shifts", Shift("d-a-day", "王芳", "物业值班", "2026-11-23T08:00:00", "2026-11-23T20:00:00", TestWorld.CompoundA, "13987654321"));
        await admin.PublishAsync("duty-shifts", Shift("d-a-night", "陈刚", "夜间值守", "2026-11-28T20:00:00", "2026-11-29T08:00:00", TestWorld.CompoundA));
        await admin.PublishAsync("duty-shifts", Shift("d-community", "张强", "社区值班", "2026-11-24T09:00:00", "2026-11-24T17:00:00", TestWorld.Community));
        await admin.PublishAsync("duty-shifts", Shift("d-b", "李四", "物业值班", "2026-11-23T08:00:00", "2026-11-23T20:00:00", TestWorld.CompoundB));
        await admin.PublishAsync("duty-shifts", Shift("d-next", "赵六", "物业值班", "2026-11-30T08:00:00", "2026-11-30T20:00:00", TestWorld.CompoundA));
        await admin.PublishAsync("holidays", new { id = "h-1", date = "2026-11-26", name = "社区志愿日", target = new { placeId = TestWorld.Community } });
        await admin.PostJsonAsync("/api/users", new { username = "pm-a", password = "a-long-password", role = "propertyManager", scopePlaceId = TestWorld.CompoundA, mustChangePassword = false });
        await admin.PostJsonAsync("/api/users", new { username = "pm-b", password = "a-long-password", role = "propertyManager", scopePlaceId = TestWorld.CompoundB, mustChangePassword = false });
        using var pmA = await controller.SignInAsync("pm-a", "a-long-password");
        using var pmB = await controller.SignInAsync("pm-b", "a-long-password");

        // The administrator: the station's board shows its compound's and its community's shifts, not another compound's.
        foreach (var place in new[] { "station-a", TestWorld.CompoundA })
        {
            using var response = await admin.GetAsync($"/api/print/duty/{place}?week=2026-11-25");
            var text = await PdfTextAsync(response);
            Assert.Contains("丹桂苑红色驿站 值班表", text);
            Assert.Contains("2026年11月23日—11月29日", text);
            PdfTools.AssertInOrder(text, ["11月23日", "王芳", "11月24日", "张强", "11月26日", "社区志愿日", "11月28日", "次日 08:00", "陈刚"]);
            Assert.DoesNotContain("李四", text);
            Assert.DoesNotContain("赵六", text);
            Assert.Contains("13987654321", text);
        }

        // A property manager of compound A reads its shifts but not the community's: the sheet holds what they may read.
        var readable = (await pmA.GetFromJsonAsync<JsonObject>("/api/duty-shifts?limit=200"))!["items"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()).ToList();
        Assert.Contains("d-a-day", readable);
        Assert.DoesNotContain("d-community", readable);
        using (var response = await pmA.GetAsync($"/api/print/duty/station-a?week=2026-11-29"))
        {
            var text = await PdfTextAsync(response);
            Assert.Contains("王芳", text);
            Assert.DoesNotContain("张强", text);
        }
        using (var png = await pmA.GetAsync($"/api/print/duty/{TestWorld.CompoundA}?week=2026-11-23&format=png"))
        {
            Assert.Equal(HttpStatusCode.OK, png.StatusCode);
            Assert.Equal("image/png", png.Content.Headers.ContentType!.MediaType);
            Assert.Equal(2481, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian((await png.Content.ReadAsByteArrayAsync()).AsSpan(16)));
        }
        // Another compound's manager learns nothing; a building or unknown id is not a duty place.
        foreach (var path in new[] { "/api/print/duty/station-a", $"/api/print/duty/{TestWorld.CompoundA}", $"/api/print/duty/{TestWorld.Community}", "/api/print/duty/no-such-place" })
        {
            await AssertRefusedAsync(pmB, path, HttpStatusCode.NotFound, "驿站或地点不存在或不在您的管理范围内");
        }
        await AssertRefusedAsync(admin, $"/api/print/duty/{TestWorld.BuildingA1}", HttpStatusCode.NotFound, "驿站或地点不存在或不在您的管理范围内");

        // Bad input: clear 400s in Chinese.
        foreach (var week in new[] { "2026-13-01", "next", "2026-11-31", "1999-01-04", "20261123" })
        {
            await AssertRefusedAsync(admin, $"/api/print/duty/station-a?week={week}", HttpStatusCode.BadRequest, "week 应为");
        }
        await AssertRefusedAsync(admin, "/api/print/duty/station-a?format=docx", HttpStatusCode.BadRequest, "format 只能是 pdf 或 png");
        await AssertRefusedAsync(admin, "/api/print/duty/station-a?format=png&page=9", HttpStatusCode.BadRequest, "第 9 页不存在：共 1 页");
        await AssertRefusedAsync(admin, "/api/print/duty/station-a?page=2", HttpStatusCode.BadRequest, "page 只用于 png");
        using (var anonymous = new HttpClient { BaseAddress = new Uri(controller.Url) })
        using (var refused = await anonymous.GetAsync("/api/print/duty/station-a"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        // The station's time zone decides the week: in Berlin the night into 29 March 2026 is an hour short.
        await admin.SendJsonAsync(HttpMethod.Put, "/api/stations/station-a", new { id = "station-a", name = "丹桂苑红色驿站", placeId = TestWorld.CompoundA, timeZone = "Europe/Berlin" });
        await admin.PublishAsync("duty-shifts", Shift("d-dst", "孙八", "夜间值守", "2026-03-28T20:00:00", "2026-03-29T08:00:00", TestWorld.CompoundA));
        using (var response = await admin.GetAsync("/api/print/duty/station-a?week=2026-03-29"))
        {
            var text = await PdfTextAsync(response);
            PdfTools.AssertInOrder(text, ["2026年3月23日—3月29日", "Europe/Berlin", "3月28日", "孙八", "实际 11 小时", "3月29日", "无排班"]);
        }

        // 打印 on the duty week page: for the place the week is narrowed to (chosen with the picker), and behind it the PDF through the cookie.
        using var pages = new StaffBrowserClient(controller.Url);
        await pages.SignInAsync("admin", ControllerHost.AdminPassword);
        var html = await (await pages.GetAsync($"/admin/duty?week=2026-11-23&placeId={TestWorld.CompoundA}")).Content.ReadAsStringAsync();
        Assert.Contains("data-action=\"print\"", html);
        Assert.Contains($"/admin/print?handler=duty&amp;place={TestWorld.CompoundA}&amp;week=2026-11-23", html);
        // The week arrows keep the search and the place.
        var searched = await (await pages.GetAsync($"/admin/duty?week=2026-11-23&placeId={TestWorld.CompoundA}&q=wang")).Content.ReadAsStringAsync();
        Assert.Contains($"href=\"/admin/duty?week=2026-11-30&amp;q=wang&amp;placeId={TestWorld.CompoundA}\"", searched);
        Assert.Contains($"href=\"/admin/duty?week=2026-11-16&amp;q=wang&amp;placeId={TestWorld.CompoundA}\"", searched);
        using var printed = await pages.GetAsync($"/admin/print?handler=duty&place={TestWorld.CompoundA}&week=2026-11-23");
        Assert.Equal("inline", printed.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Contains("王芳", await PdfTextAsync(printed));
        using var refusedPage = await pages.GetAsync("/admin/print?handler=duty&place=station-a&week=bad");
        Assert.Equal(HttpStatusCode.BadRequest, refusedPage.StatusCode);
        Assert.Contains("week 应为", await refusedPage.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Staff_print_the_overview_of_a_compound_they_may_read()
    {
        await using var controller = ControllerHost.Start("print-overview");
        using var admin = await controller.AdminAsync();
        await TestWorld.CreateAsync(admin);
        var target = new { placeId = TestWorld.CompoundA };
        await admin.PublishAsync("people", new { id = "p-head", name = "王芳", party = "resident", phone = "13812345678", phonePublic = false, target });
        await admin.PublishAsync("people", new { id = "p-steward", name = "李明", phone = "13987654321", phonePublic = true, target });
        await admin.PublishAsync("people", new { id = "p-member", name = "周红", party = "registered", target });
        await admin.PublishAsync("people", new { id = "p-b", name = "钱多", party = "resident", target = new { placeId = TestWorld.CompoundB } });
        await admin.PublishAsync("roster", new { id = "r-head", personId = "p-head", role = "buildingHead", buildingId = TestWorld.BuildingA1, households = 12, target });
        await admin.PublishAsync("roster", new { id = "r-steward", personId = "p-steward", role = "redSteward", buildingId = TestWorld.BuildingA1, target });
        await admin.PublishAsync("roster", new { id = "r-member", personId = "p-member", role = "volunteer", buildingId = "a2", households = 8, target });
        await admin.PublishAsync("roster", new { id = "r-b", personId = "p-b", role = "buildingHead", buildingId = "b1", target = new { placeId = TestWorld.CompoundB } });
        await admin.PostJsonAsync("/api/users", new { username = "pm-b", password = "a-long-password", role = "propertyManager", scopePlaceId = TestWorld.CompoundB, mustChangePassword = false });
        using var pmB = await controller.SignInAsync("pm-b", "a-long-password");

        using (var response = await admin.GetAsync($"/api/print/overview/{TestWorld.CompoundA}"))
        {
            var text = await PdfTextAsync(response);
            Assert.Contains("丹桂苑 党员包栋联户一览", text);
            PdfTools.AssertInOrder(text, ["幸福里社区", "楼栋 2 栋", "党员 2 名", "联户 20 户", "1栋", "王芳", "李明", "2栋", "周红"]);
            Assert.Contains("王芳（联户 12）", PdfTools.NoSpaces(text).Replace("联户12", "联户 12", StringComparison.Ordinal));
            Assert.Contains("*******5678", text);
            Assert.Contains("13987654321", text);
            Assert.DoesNotContain("钱多", text);
            Assert.DoesNotContain("13812345678", text);
        }
        using (var png = await admin.GetAsync($"/api/print/overview/{TestWorld.CompoundA}?format=png"))
        {
            Assert.Equal(HttpStatusCode.OK, png.StatusCode);
            // A3 landscape at 300 dpi.
            Assert.Equal(4961, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian((await png.Content.ReadAsByteArrayAsync()).AsSpan(16)));
        }
        using (var own = await pmB.GetAsync($"/api/print/overview/{TestWorld.CompoundB}"))
        {
            Assert.Contains("钱多", await PdfTextAsync(own));
        }
        foreach (var path in new[] { $"/api/print/overview/{TestWorld.CompoundA}", $"/api/print/overview/{TestWorld.BuildingA1}", $"/api/print/overview/{TestWorld.Community}", "/api/print/overview/nowhere" })
        {
            await AssertRefusedAsync(pmB, path, HttpStatusCode.NotFound, "小区不存在或不在您的管理范围内");
        }
        await AssertRefusedAsync(admin, $"/api/print/overview/{TestWorld.CompoundA}?format=svg", HttpStatusCode.BadRequest, "format 只能是 pdf 或 png");

        // On the roster page, beside the building's 打印, the compound's overview; and by each compound on 地点.
        using var pages = new StaffBrowserClient(controller.Url);
        await pages.SignInAsync("admin", ControllerHost.AdminPassword);
        var roster = await (await pages.GetAsync($"/admin/roster?building={TestWorld.BuildingA1}")).Content.ReadAsStringAsync();
        Assert.Contains($"/admin/print?handler=overview&amp;compound={TestWorld.CompoundA}", roster);
        // The place tree opens one level at a time: the compounds show under their community.
        var placesPage = await (await pages.GetAsync($"/admin/places?open={TestWorld.Community}")).Content.ReadAsStringAsync();
        Assert.Contains($"/admin/print?handler=overview&amp;compound={TestWorld.CompoundB}", placesPage);
        Assert.Contains("/admin/print?handler=duty&amp;place=station-b", placesPage);
        using var printed = await pages.GetAsync($"/admin/print?handler=overview&compound={TestWorld.CompoundA}");
        Assert.Contains("周红", await PdfTextAsync(printed));
    }
}
