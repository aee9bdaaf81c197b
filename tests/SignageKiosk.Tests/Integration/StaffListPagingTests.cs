using System.Net;
using System.Text.Json.Nodes;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// The administrative lists page and search like every other list (decisions 0033, 0036): /api/users, /api/audit and
/// /api/submissions answer { items, total, nextCursor, limit }, and their staff pages carry the pager and search box.
/// </summary>
public sealed class StaffListPagingTests
{
    private const string Password = "a-long-password";

    private static async Task<JsonObject> GetAsync(HttpClient client, string path) => (JsonObject)JsonNode.Parse(await client.GetStringAsync(path))!;

    private static List<string> Names(JsonObject page, string field) => [.. page["items"]!.AsArray().Select(i => i![field]!.GetValue<string>())];

    [Fact]
    public async Task Users_audit_and_submissions_page_with_a_cursor_and_search_and_refuse_a_bad_page_in_Chinese()
    {
        await using var controller = ControllerHost.Start("staff-list-paging");
        using var admin = await controller.AdminAsync();
        await TestWorld.CreateAsync(admin);
        for (var i = 1; i <= 6; i++)
        {
            await admin.PostJsonAsync("/api/users", new { username = $"wuye-{i}", password = Password, role = "propertyManager", scopePlaceId = TestWorld.CompoundA, mustChangePassword = false });
        }
        await admin.PostJsonAsync("/api/users", new { username = "zhanzhang", password = Password, role = "stationMaster", scopePlaceId = TestWorld.CompoundA, mustChangePassword = false });
        await admin.PostJsonAsync("/api/users", new { username = "shequ", password = Password, role = "communityStaff", scopePlaceId = TestWorld.Community, mustChangePassword = false });

        // Users: 9 in all (admin first), 4 a page, the cursor walks them in order without repeats.
        var first = await GetAsync(admin, "/api/users?limit=4");
        Assert.Equal(9, first["total"]!.GetValue<long>());
        Assert.Equal(4, first["limit"]!.GetValue<int>());
        Assert.Equal(["admin", "wuye-1", "wuye-2", "wuye-3"], Names(first, "username"));
        var seen = Names(first, "username");
        var cursor = first["nextCursor"]?.GetValue<string>();
        while (cursor is not null)
        {
            var next = await GetAsync(admin, $"/api/users?limit=4&cursor={Uri.EscapeDataString(cursor)}");
            seen.AddRange(Names(next, "username"));
            cursor = next["nextCursor"]?.GetValue<string>();
        }
        Assert.Equal(9, seen.Distinct().Count());
        var searched = await GetAsync(admin, "/api/users?q=WUYE");
        Assert.Equal(6, searched["total"]!.GetValue<long>());
        Assert.Null(searched["nextCursor"]);
        // A LIKE wildcard typed in the box is a character, not "anything".
        Assert.Equal(0, (await GetAsync(admin, "/api/users?q=wuye%25"))["total"]!.GetValue<long>());
        foreach (var bad in new[] { "/api/users?limit=0", "/api/users?limit=201", "/api/users?cursor=nonsense", "/api/audit?limit=0", "/api/submissions?cursor=nonsense" })
        {
            using var refused = await admin.GetAsync(bad);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", await refused.Content.ReadAsStringAsync());
        }

        // Audit: filters kept, q finds the actor or the item id, newest first.
        var created = await GetAsync(admin, "/api/audit?kind=users&limit=3");
        Assert.Equal(8, created["total"]!.GetValue<long>());
        Assert.Equal(["shequ", "zhanzhang", "wuye-6"], Names(created, "itemId"));
        Assert.NotNull(created["nextCursor"]);
        Assert.Equal(["wuye-4"], Names(await GetAsync(admin, "/api/audit?kind=users&q=ye-4"), "itemId"));
        Assert.Equal(0, (await GetAsync(admin, "/api/audit?actor=nobody"))["total"]!.GetValue<long>());

        // Submissions: status filter and title search, for the reviewer in the area.
        using var master = await controller.SignInAsync("zhanzhang", Password);
        using var staff = await controller.SignInAsync("shequ", Password);
        foreach (var (id, title) in new[] { ("n-s1", "驿站周末开放时间调整"), ("n-s2", "三栋电梯检修"), ("n-s3", "驿站图书角上新") })
        {
            await master.SendJsonAsync(HttpMethod.Post, "/api/notices", TestWorld.Notice(id, title, TestWorld.CompoundA));
        }
        var pending = await GetAsync(staff, "/api/submissions?status=pending&limit=2");
        Assert.Equal(3, pending["total"]!.GetValue<long>());
        Assert.Equal(["n-s3", "n-s2"], Names(pending, "itemId"));
        Assert.Equal(["n-s3", "n-s1"], Names(await GetAsync(staff, "/api/submissions?status=pending&q=驿站"), "itemId"));
        Assert.Equal(0, (await GetAsync(staff, "/api/submissions?status=approved"))["total"]!.GetValue<long>());

        // The staff pages: the search box narrows the rows and the pager counts them.
        using var page = new StaffBrowserClient(controller.Url);
        await page.SignInAsync("admin", ControllerHost.AdminPassword);
        var users = await (await page.GetAsync("/admin/users?q=wuye")).Content.ReadAsStringAsync();
        Assert.Contains("data-total=\"6\"", users);
        Assert.Contains("data-user=\"wuye-3\"", users);
        Assert.DoesNotContain("data-user=\"zhanzhang\"", users);
        var audit = await (await page.GetAsync("/admin/audit?kind=users&q=zhanzhang")).Content.ReadAsStringAsync();
        Assert.Contains("data-total=\"1\"", audit);
        Assert.Contains("value=\"users\"", audit);
        using var reviewer = new StaffBrowserClient(controller.Url);
        await reviewer.SignInAsync("shequ", Password);
        var review = await (await reviewer.GetAsync("/admin/review?q=电梯")).Content.ReadAsStringAsync();
        Assert.Contains("三栋电梯检修", review);
        Assert.DoesNotContain("驿站图书角上新", review);
        Assert.Contains("data-total=\"1\"", review);
    }
}
