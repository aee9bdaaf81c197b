using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// /api/places, /api/stations and /api/kiosks page (decision 0033); the place tree opens one level at a time and
/// place search matches every word against the place's path (decision 0035), all within the caller's area.
/// </summary>
public sealed class PlaceTreeApiTests
{
    private static async Task<JsonObject> PageAsync(HttpClient client, string path) => (await client.GetFromJsonAsync<JsonObject>(path))!;

    private static List<string> Ids(JsonObject page, string field = "id") => page["items"]!.AsArray().Select(n => n![field]!.GetValue<string>()).ToList();

    private static async Task<TestWorld> WorldAsync(HttpClient admin)
    {
        var world = await TestWorld.CreateAsync(admin);
        // Two buildings called 3栋, one in each compound.
        await admin.PostJsonAsync("/api/places", new { id = "a3", kind = "building", name = "3栋", parentId = TestWorld.CompoundA, order = 3 });
        await admin.PostJsonAsync("/api/places", new { id = "b3", kind = "building", name = "3栋", parentId = TestWorld.CompoundB, order = 3 });
        return world;
    }

    [Fact]
    public async Task Lists_page_with_a_cursor_and_filter_by_kind_parent_and_place()
    {
        await using var controller = ControllerHost.Start("place-paging");
        using var admin = await controller.AdminAsync();
        await WorldAsync(admin);

        var all = await PageAsync(admin, "/api/places?limit=200");
        var seen = new List<string>();
        var page = await PageAsync(admin, "/api/places?limit=4");
        Assert.Equal(4, page["limit"]!.GetValue<int>());
        Assert.Equal(all["total"]!.GetValue<long>(), page["total"]!.GetValue<long>());
        while (true)
        {
            Assert.True(page["items"]!.AsArray().Count <= 4);
            seen.AddRange(Ids(page));
            if (page["nextCursor"] is not JsonValue cursor)
            {
                break;
            }
            page = await PageAsync(admin, "/api/places?limit=4&cursor=" + Uri.EscapeDataString(cursor.GetValue<string>()));
        }
        Assert.Equal(Ids(all), seen);
        Assert.Equal(12, seen.Count);

        Assert.Equal(["a1", "a2", "a3", "b1", "b3"], Ids(await PageAsync(admin, "/api/places?kind=building")));
        Assert.Equal(["a1", "a1-u1", "a2", "a3", "b1", "b3"], Ids(await PageAsync(admin, "/api/places?kind=building,unit")));
        Assert.Equal(["a1", "a2", "a3"], Ids(await PageAsync(admin, "/api/places?parentId=" + TestWorld.CompoundA)));
        Assert.Equal(["b3"], Ids(await PageAsync(admin, "/api/places?kind=building&parentId=compound-b&q=3")));
        Assert.Equal(["kiosk-a", "kiosk-a1"], Ids(await PageAsync(admin, "/api/kiosks?placeId=" + TestWorld.CompoundA)));
        Assert.Equal(["kiosk-a1"], Ids(await PageAsync(admin, "/api/kiosks?placeId=a1")));
        Assert.Equal(["kiosk-a", "kiosk-a1", "kiosk-b"], Ids(await PageAsync(admin, "/api/kiosks?placeId=" + TestWorld.Community)));
        Assert.Equal(["station-b"], Ids(await PageAsync(admin, "/api/stations?placeId=" + TestWorld.CompoundB)));
        Assert.Equal(["station-a"], Ids(await PageAsync(admin, "/api/stations?q=丹桂")));
        // A kiosk is found by its station's name or its place's path as well as its own name.
        Assert.Equal(["kiosk-b"], Ids(await PageAsync(admin, "/api/kiosks?q=" + Uri.EscapeDataString("邻里中心"))));
        Assert.Equal(["kiosk-a1"], Ids(await PageAsync(admin, "/api/kiosks?q=" + Uri.EscapeDataString("丹桂苑 1栋"))));

        foreach (var bad in new[] { "/api/places?limit=0", "/api/places?kind=galaxy", "/api/kiosks?cursor=nonsense", "/api/places/search", "/api/places/search?q=a+b+c+d+e+f", "/api/kiosks/search?q=" })
        {
            using var response = await admin.GetAsync(bad);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{bad}: {response.StatusCode}");
        }
        using (var absent = await admin.GetAsync("/api/kiosks?placeId=nowhere"))
        {
            Assert.Equal(HttpStatusCode.NotFound, absent.StatusCode);
        }
    }

    [Fact]
    public async Task The_tree_opens_a_level_at_a_time_and_search_matches_every_word_of_the_path()
    {
        await using var controller = ControllerHost.Start("place-tree");
        using var admin = await controller.AdminAsync();
        await WorldAsync(admin);

        var top = await PageAsync(admin, "/api/places/top");
        Assert.Equal(["city"], Ids(top));
        Assert.Equal(1, top["items"]![0]!["children"]!.GetValue<int>());
        var compound = await PageAsync(admin, $"/api/places/{TestWorld.CompoundA}/children");
        Assert.Equal(["a1", "a2", "a3"], Ids(compound));
        Assert.Equal([1, 0, 0], compound["items"]!.AsArray().Select(n => n!["children"]!.GetValue<int>()));
        var first = await PageAsync(admin, $"/api/places/{TestWorld.CompoundA}/children?limit=1");
        Assert.Equal(["a1"], Ids(first));
        Assert.Equal(3, first["total"]!.GetValue<long>());
        Assert.Equal(["a2"], Ids(await PageAsync(admin, $"/api/places/{TestWorld.CompoundA}/children?limit=1&cursor=" + Uri.EscapeDataString(first["nextCursor"]!.GetValue<string>()))));
        using (var absent = await admin.GetAsync("/api/places/nowhere/children"))
        {
            Assert.Equal(HttpStatusCode.NotFound, absent.StatusCode);
        }

        async Task<List<(string Id, string Path)>> SearchAsync(HttpClient client, string q) =>
            (await PageAsync(client, "/api/places/search?q=" + Uri.EscapeDataString(q)))["items"]!.AsArray()
                .Select(n => (n!["id"]!.GetValue<string>(), n["path"]!.GetValue<string>())).ToList();

        Assert.Equal([("a3", "城南区 / 幸福路街道 / 幸福里社区 / 丹桂苑 / 3栋"), ("b3", "城南区 / 幸福路街道 / 幸福里社区 / 银杏苑 / 3栋")], await SearchAsync(admin, "3栋"));
        Assert.Equal([(TestWorld.CompoundA, "城南区 / 幸福路街道 / 幸福里社区 / 丹桂苑")], await SearchAsync(admin, "丹桂苑"));
        Assert.Equal([("a3", "城南区 / 幸福路街道 / 幸福里社区 / 丹桂苑 / 3栋")], await SearchAsync(admin, "丹桂苑 3栋"));
        Assert.Equal([("a3", "城南区 / 幸福路街道 / 幸福里社区 / 丹桂苑 / 3栋")], await SearchAsync(admin, "3栋  丹桂"));
        Assert.Empty(await SearchAsync(admin, "银杏苑 2栋"));
        Assert.Equal(["compound-a", "compound-b"], Ids(await PageAsync(admin, "/api/places/search?kind=compound&q=" + Uri.EscapeDataString("苑"))));
        // LIKE's wildcards are plain characters in a search.
        Assert.Empty(await SearchAsync(admin, "%"));

        var kiosks = await PageAsync(admin, "/api/kiosks/search?q=" + Uri.EscapeDataString("丹桂苑"));
        Assert.Equal(["kiosk-a", "kiosk-a1"], Ids(kiosks));
        Assert.Equal("城南区 / 幸福路街道 / 幸福里社区 / 丹桂苑 / 1栋", kiosks["items"]![1]!["path"]!.GetValue<string>());
        Assert.Equal("丹桂苑红色驿站", kiosks["items"]![1]!["stationName"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_property_manager_sees_only_their_compound_s_subtree()
    {
        await using var controller = ControllerHost.Start("place-tree-scope");
        using var admin = await controller.AdminAsync();
        await WorldAsync(admin);
        await admin.PostJsonAsync("/api/users", new { username = "pm-a", password = "a-long-password", role = "propertyManager", scopePlaceId = TestWorld.CompoundA, mustChangePassword = false });
        using var pm = await controller.SignInAsync("pm-a", "a-long-password");

        var top = await PageAsync(pm, "/api/places/top");
        Assert.Equal([TestWorld.CompoundA], Ids(top));
        Assert.Equal(3, top["items"]![0]!["children"]!.GetValue<int>());
        Assert.Equal(["a1", "a2", "a3"], Ids(await PageAsync(pm, $"/api/places/{TestWorld.CompoundA}/children")));
        var found = await PageAsync(pm, "/api/places/search?q=" + Uri.EscapeDataString("3栋"));
        Assert.Equal(["a3"], Ids(found));
        Assert.Equal("丹桂苑 / 3栋", found["items"]![0]!["path"]!.GetValue<string>());
        Assert.Equal(1, found["total"]!.GetValue<long>());
        Assert.Empty(Ids(await PageAsync(pm, "/api/places/search?q=" + Uri.EscapeDataString("银杏苑"))));
        Assert.Equal(["a1", "a1-u1", "a2", "a3", TestWorld.CompoundA], Ids(await PageAsync(pm, "/api/places")).Order(StringComparer.Ordinal));
        Assert.Equal(["kiosk-a", "kiosk-a1"], Ids(await PageAsync(pm, "/api/kiosks/search?q=" + Uri.EscapeDataString("屏"))));
        Assert.Equal(4, (await PageAsync(pm, "/api/places?limit=1"))["total"]!.GetValue<long>() - 1);
        foreach (var path in new[] { "/api/places/compound-b/children", "/api/places/c1/children", "/api/kiosks?placeId=compound-b", "/api/stations?placeId=c1", "/api/places?parentId=compound-b" })
        {
            using var response = await pm.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {response.StatusCode}");
        }
    }
}
