using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// Every content list pages, searches and filters in the controller (issue 16, decision 0033): 120 notices come
/// 50 at a time with the same total, the last page says so, a search finds a Chinese word or an id, a place keeps
/// its subtree, and a station master pages only their own area.
/// </summary>
public sealed class ContentListPagingTests
{
    [Fact]
    public async Task One_hundred_and_twenty_notices_page_search_and_filter_by_place()
    {
        await using var controller = ControllerHost.Start("content-list-paging");
        using var admin = await controller.AdminAsync();
        await TestWorld.CreateAsync(admin);
        // 80 in compound A (10 of them for building A1's lobby), 40 in compound B; every seventh mentions 停水.
        for (var n = 0; n < 120; n++)
        {
            var place = n < 70 ? TestWorld.CompoundA : n < 80 ? TestWorld.BuildingA1 : TestWorld.CompoundB;
            var title = n % 7 == 0 ? $"第{n}号 停水通知" : $"第{n}号 社区通知";
            await admin.PostJsonAsync("/api/notices", TestWorld.Notice($"n-{n:D3}", title, place));
        }

        // Three pages of 50, 50 and 20 that together are every notice once, in id order.
        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await GetAsync(admin, "/api/notices?limit=50" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            Assert.Equal(120, page["total"]!.GetValue<long>());
            Assert.Equal(50, page["limit"]!.GetValue<int>());
            seen.AddRange(Ids(page));
            cursor = page["nextCursor"]?.GetValue<string>();
            pages++;
        }
        while (cursor is not null);
        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 120).Select(n => $"n-{n:D3}"), seen);
        Assert.Equal(50, Ids(await GetAsync(admin, "/api/notices")).Count);

        // A Chinese word, and an id.
        var water = await GetAsync(admin, "/api/notices?q=" + Uri.EscapeDataString("停水"));
        Assert.Equal(18, water["total"]!.GetValue<long>());
        Assert.All(water["items"]!.AsArray(), n => Assert.Contains("停水", n!["title"]!.GetValue<string>()));
        Assert.Null(water["nextCursor"]);
        Assert.Equal(["n-042"], Ids(await GetAsync(admin, "/api/notices?q=n-042")));
        // LIKE's own characters are text: "%" finds nothing rather than everything.
        Assert.Equal(0, (await GetAsync(admin, "/api/notices?q=%25"))["total"]!.GetValue<long>());

        // A place keeps its subtree: compound A includes building A1; the building alone is its 10.
        Assert.Equal(80, (await GetAsync(admin, "/api/notices?placeId=" + TestWorld.CompoundA))["total"]!.GetValue<long>());
        Assert.Equal(Enumerable.Range(70, 10).Select(n => $"n-{n:D3}"), Ids(await GetAsync(admin, "/api/notices?placeId=" + TestWorld.BuildingA1)));
        var waterInB = await GetAsync(admin, $"/api/notices?placeId={TestWorld.CompoundB}&q=" + Uri.EscapeDataString("停水"));
        Assert.Equal(["n-084", "n-091", "n-098", "n-105", "n-112", "n-119"], Ids(waterInB));

        // Bad paging input is a 400 with a Chinese message, for every kind.
        foreach (var path in new[] { "/api/notices?cursor=not-a-cursor", "/api/notices?limit=0", "/api/notices?limit=201", "/api/notices?limit=abc",
                     "/api/people?limit=-1", "/api/notices?placeId=atlantis", "/api/notices?from=2026-13-01", "/api/duty-shifts?from=2026-12-09&to=2026-12-01",
                     "/api/hotlines?q=" + new string('x', 101) })
        {
            using var response = await admin.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}: {response.StatusCode}");
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task A_station_master_pages_only_their_own_area_and_a_place_outside_it_is_refused()
    {
        await using var controller = ControllerHost.Start("content-list-scope");
        using var admin = await controller.AdminAsync();
        await TestWorld.CreateAsync(admin);
        for (var n = 0; n < 60; n++)
        {
            await admin.PostJsonAsync("/api/notices", TestWorld.Notice($"a-{n:D2}", $"丹桂苑通知{n}", TestWorld.CompoundA));
            await admin.PostJsonAsync("/api/notices", TestWorld.Notice($"b-{n:D2}", $"银杏苑通知{n}", TestWorld.CompoundB));
        }
        // One for the kiosk in building A1's lobby: inside A's area by where that kiosk stands.
        await admin.PostJsonAsync("/api/notices", new { id = "k-a1", title = "大堂屏通知", target = new { kioskId = "kiosk-a1" } });
        await admin.PostJsonAsync("/api/users", new { username = "master-a", password = "a-long-password", role = "stationMaster", scopePlaceId = TestWorld.CompoundA, mustChangePassword = false });
        using var master = await controller.SignInAsync("master-a", "a-long-password");

        var first = await GetAsync(master, "/api/notices");
        Assert.Equal(61, first["total"]!.GetValue<long>());
        var second = await GetAsync(master, "/api/notices?cursor=" + Uri.EscapeDataString(first["nextCursor"]!.GetValue<string>()));
        Assert.Null(second["nextCursor"]);
        var all = Ids(first).Concat(Ids(second)).ToList();
        Assert.Equal(61, all.Distinct().Count());
        Assert.DoesNotContain(all, id => id.StartsWith("b-", StringComparison.Ordinal));
        Assert.Contains("k-a1", all);
        // Searching for B's word finds nothing of B; naming B's compound is refused as if it did not exist.
        Assert.Equal(0, (await GetAsync(master, "/api/notices?q=" + Uri.EscapeDataString("银杏苑")))["total"]!.GetValue<long>());
        foreach (var outside in new[] { TestWorld.CompoundB, "atlantis" })
        {
            using var response = await master.GetAsync("/api/notices?placeId=" + outside);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("不在你的管辖范围内", await response.Content.ReadAsStringAsync());
        }
        Assert.Equal(["k-a1"], Ids(await GetAsync(master, "/api/notices?placeId=" + TestWorld.BuildingA1)));
    }

    [Fact]
    public async Task Dates_keep_what_is_shown_or_happens_in_the_range()
    {
        await using var controller = ControllerHost.Start("content-list-dates");
        using var admin = await controller.AdminAsync();
        await TestWorld.CreateAsync(admin);
        await admin.PostJsonAsync("/api/notices", new { id = "nov", title = "十一月", validFrom = "2026-11-01T00:00:00+08:00", validTo = "2026-11-30T00:00:00+08:00", target = new { placeId = TestWorld.CompoundA } });
        await admin.PostJsonAsync("/api/notices", new { id = "dec", title = "十二月", validFrom = "2026-12-01T00:00:00+08:00", validTo = "2026-12-31T00:00:00+08:00", target = new { placeId = TestWorld.CompoundA } });
        await admin.PostJsonAsync("/api/notices", new { id = "always", title = "长期", target = new { placeId = TestWorld.CompoundA } });
        await admin.PostJsonAsync("/api/duty-shifts", new { id = "d1", personName = "李明", role = "值班", start = "2026-12-01T08:00:00", end = "2026-12-01T18:00:00", target = new { placeId = TestWorld.CompoundA } });
        await admin.PostJsonAsync("/api/duty-shifts", new { id = "d2", personName = "王芳", role = "值班", start = "2026-12-08T08:00:00", end = "2026-12-08T18:00:00", target = new { placeId = TestWorld.CompoundA } });
        await admin.PostJsonAsync("/api/holidays", new { id = "h1", name = "元旦", date = "2027-01-01", target = new { placeId = TestWorld.Community } });

        Assert.Equal(["always", "dec"], Ids(await GetAsync(admin, "/api/notices?from=2026-12-05&to=2026-12-06")));
        // Midnight in the station's time zone: a notice that ends 11-30 00:00 (+08:00) is not shown on 11-30.
        Assert.Equal(["always", "nov"], Ids(await GetAsync(admin, "/api/notices?from=2026-11-29&to=2026-11-29")));
        Assert.Equal(["always"], Ids(await GetAsync(admin, "/api/notices?from=2026-11-30&to=2026-11-30")));
        Assert.Equal(["d2"], Ids(await GetAsync(admin, "/api/duty-shifts?from=2026-12-07&to=2026-12-13")));
        Assert.Equal(["h1"], Ids(await GetAsync(admin, "/api/holidays?from=2027-01-01")));
        Assert.Empty(Ids(await GetAsync(admin, "/api/holidays?to=2026-12-31")));
    }

    [Fact]
    public async Task The_staff_list_pages_show_fifty_rows_a_page_and_search()
    {
        await using var controller = ControllerHost.Start("content-list-pages");
        using var admin = await controller.AdminAsync();
        await TestWorld.CreateAsync(admin);
        for (var n = 0; n < 60; n++)
        {
            await admin.PostJsonAsync("/api/hotlines", new { id = $"h-{n:D2}", name = n == 33 ? "燃气抢修" : $"物业热线{n}", number = $"0536-81{n:D5}", order = n, target = new { placeId = n < 55 ? TestWorld.CompoundA : TestWorld.CompoundB } });
            await admin.PostJsonAsync("/api/activities", new { id = $"act-{n:D2}", title = $"书法班{n}", start = $"2026-12-{n % 28 + 1:D2}T09:00:00", end = $"2026-12-{n % 28 + 1:D2}T10:00:00", target = new { placeId = TestWorld.CompoundA } });
        }
        using var staff = new StaffBrowserClient(controller.Url);
        (await staff.SignInAsync("admin", ControllerHost.AdminPassword)).Dispose();

        async Task<string> PageAsync(string path)
        {
            using var response = await staff.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
            return await response.Content.ReadAsStringAsync();
        }
        static int Rows(string html, string attribute) => html.Split(attribute + "=\"").Length - 1;

        var first = await PageAsync("/admin/hotlines");
        Assert.Equal(50, Rows(first, "data-hotline-id"));
        Assert.Contains("data-total=\"60\"", first);
        // The page's own order (by the hotline's order number) continues on page 2.
        var second = await PageAsync("/admin/hotlines?page=2");
        Assert.Equal(10, Rows(second, "data-hotline-id"));
        Assert.Contains("data-hotline-id=\"h-59\"", second);
        Assert.DoesNotContain("data-hotline-id=\"h-00\"", second);
        var gas = await PageAsync("/admin/hotlines?q=" + Uri.EscapeDataString("燃气"));
        Assert.Equal(1, Rows(gas, "data-hotline-id"));
        Assert.Equal(5, Rows(await PageAsync("/admin/hotlines?placeId=" + TestWorld.CompoundB), "data-hotline-id"));

        Assert.Equal(50, Rows(await PageAsync("/admin/activities"), "data-activity-id"));
        Assert.Equal(10, Rows(await PageAsync("/admin/activities?page=2"), "data-activity-id"));
        var search = await PageAsync("/admin/activities?q=" + Uri.EscapeDataString("书法班42"));
        Assert.Equal(1, Rows(search, "data-activity-id"));
        // A place that is not one: a message, no rows, no error page.
        Assert.Contains("不在你的管辖范围内", await PageAsync("/admin/activities?placeId=atlantis"));
    }

    private static async Task<JsonObject> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    private static List<string> Ids(JsonObject page) => [.. page["items"]!.AsArray().Select(n => n!["id"]!.GetValue<string>())];
}
