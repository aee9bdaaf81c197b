using System.Net;
using System.Text.RegularExpressions;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// Issue 16 on the duty, roster, holidays, hotlines, supplies and wishes pages: with ~300 more places in the city (made
/// through the API) none of them lists a place it was not asked for; the place picker finds them instead, 20 at most.
/// The wishes page pages, searches and filters by state in SQL and names only the places of its own rows.
/// </summary>
public sealed partial class PickerPagesAtScaleTests
{
    /// <summary>Every extra place's name has this in it, and every id starts with <see cref="ExtraId"/>.</summary>
    private const string ExtraName = "规模测试";
    private const string ExtraId = "zz9-";

    [GeneratedRegex("<option\\b")]
    private static partial Regex Option();

    [GeneratedRegex("type=\"radio\" name=\"TargetPlaceId\"")]
    private static partial Regex TargetRadio();

    [GeneratedRegex("data-wish-id=\"")]
    private static partial Regex WishCard();

    private static async Task<string> PageAsync(StaffBrowserClient pages, string path)
    {
        using var response = await pages.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task With_three_hundred_more_places_the_staff_forms_list_none_of_them_and_the_picker_finds_them()
    {
        await using var controller = ControllerHost.Start("picker-pages-scale");
        using var admin = await controller.AdminAsync();
        await TestWorld.CreateAsync(admin);
        // 10 communities × 5 compounds × 5 buildings: 310 places, under the same street as the test world's.
        for (var c = 0; c < 10; c++)
        {
            var community = $"{ExtraId}c{c}";
            await admin.PostJsonAsync("/api/places", new { id = community, kind = "community", name = $"{ExtraName}社区{c}", parentId = "street" });
            for (var p = 0; p < 5; p++)
            {
                var compound = $"{community}-p{p}";
                await admin.PostJsonAsync("/api/places", new { id = compound, kind = "compound", name = $"{ExtraName}小区{c}-{p}", parentId = community });
                for (var b = 0; b < 5; b++)
                {
                    await admin.PostJsonAsync("/api/places", new { id = $"{compound}-b{b}", kind = "building", name = $"{ExtraName}{c}-{p}-{b + 1}栋", parentId = compound, order = b + 1 });
                }
            }
        }
        // Many people too (in the other compound: a1's roster lists its own compound's): "claim for someone" must not list them.
        for (var n = 0; n < 40; n++)
        {
            await admin.PublishAsync("people", new { id = $"p-{n:D2}", name = $"{ExtraName}人员{n:D2}号", target = new { placeId = TestWorld.CompoundB } });
        }
        await admin.PublishAsync("wishes", new { id = "w-open", title = "每周代购蔬菜", category = "groceries", state = "open", postedOn = "2026-12-01", target = new { placeId = TestWorld.CompoundA } });

        using var pages = new StaffBrowserClient(controller.Url);
        (await pages.SignInAsync("admin", ControllerHost.AdminPassword)).Dispose();
        foreach (var path in new[]
        {
            "/admin/duty", "/admin/duty?placeId=" + TestWorld.CompoundA, "/admin/roster", "/admin/roster?building=" + TestWorld.BuildingA1,
            "/admin/holidays", "/admin/hotlines", "/admin/supplies", "/admin/wishes",
        })
        {
            using var response = await pages.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain(ExtraName, html, StringComparison.Ordinal);
            Assert.DoesNotContain(ExtraId, html, StringComparison.Ordinal);
            // What options remain are the forms' own small choices (categories, roles, units), never places or people.
            Assert.True(Option().Count(html) < 30, $"{path}: {Option().Count(html)} options");
        }

        // The roster opens one compound's buildings: a1 shows its compound's two, not the city's.
        var roster = await PageAsync(pages, "/admin/roster?building=" + TestWorld.BuildingA1);
        Assert.Contains($"data-compound=\"{TestWorld.CompoundA}\"", roster);
        Assert.Equal(2, Regex.Count(roster, "data-building=\""));
        // A compound chosen in the picker opens its first building.
        var opened = await PageAsync(pages, $"/admin/roster?building={ExtraId}c3-p1");
        Assert.Matches($"data-building=\"{ExtraId}c3-p1-b0\"[^>]*aria-current=\"page\"", opened);
        Assert.Equal(5, Regex.Count(opened, "data-building=\""));

        // The picker's search round trip finds the extra places, 20 at most, only of the kinds the form may target.
        var found = await PageAsync(pages, "/admin/holidays?pick-TargetPlaceId=" + Uri.EscapeDataString(ExtraName));
        Assert.Equal(20, TargetRadio().Count(found));
        Assert.DoesNotContain("栋", Regex.Match(found, "<ul class=\"picker-results\".*?</ul>", RegexOptions.Singleline).Value, StringComparison.Ordinal);

        // Claim for someone: found by name, not listed.
        var people = await PageAsync(pages, "/admin/wishes?claimFor=w-open&person=" + Uri.EscapeDataString("人员07"));
        Assert.Contains("name=\"personId\" value=\"p-07\"", people);
        Assert.Single(Regex.Matches(people, "name=\"personId\""));
    }

    [Fact]
    public async Task The_wishes_page_pages_searches_and_filters_in_the_board_s_order()
    {
        await using var controller = ControllerHost.Start("wishes-paging");
        using var admin = await controller.AdminAsync();
        await TestWorld.CreateAsync(admin);
        for (var n = 0; n < 55; n++)
        {
            await admin.PublishAsync("wishes", new { id = $"w-{n:D2}", title = $"代购蔬菜{n:D2}", category = "groceries", state = "open", postedOn = $"2026-11-{1 + n % 28:D2}", target = new { placeId = TestWorld.CompoundA } });
        }
        await admin.PublishAsync("wishes", new { id = "w-claimed", title = "修理门锁", category = "repair", state = "claimed", claimedBy = "王**", claimedOn = "2026-12-02", postedOn = "2026-12-01", target = new { placeId = TestWorld.CompoundB } });

        using var pages = new StaffBrowserClient(controller.Url);
        (await pages.SignInAsync("admin", ControllerHost.AdminPassword)).Dispose();
        var first = await PageAsync(pages, "/admin/wishes");
        Assert.Equal(50, WishCard().Count(first));
        Assert.Contains("data-total=\"56\"", first);
        // The board's order: open ones first, newest first; the claimed one last (on page 2).
        Assert.True(first.IndexOf("data-wish-id=\"w-27\"", StringComparison.Ordinal) is >= 0 and var newest && newest < first.IndexOf("data-wish-id=\"w-10\"", StringComparison.Ordinal));
        Assert.DoesNotContain("data-wish-id=\"w-claimed\"", first);
        // Each card names its own place (from the row, not from a list of every place).
        Assert.Contains("丹桂苑", first);
        var second = await PageAsync(pages, "/admin/wishes?page=2");
        Assert.Equal(6, WishCard().Count(second));
        Assert.True(second.IndexOf("data-wish-id=\"w-claimed\"", StringComparison.Ordinal) > second.LastIndexOf("data-wish-state=\"open\"", StringComparison.Ordinal));
        Assert.Contains("银杏苑", second);

        var claimed = await PageAsync(pages, "/admin/wishes?state=claimed");
        Assert.Equal(1, WishCard().Count(claimed));
        var search = await PageAsync(pages, "/admin/wishes?q=" + Uri.EscapeDataString("蔬菜0"));
        Assert.Equal(10, WishCard().Count(search));
        Assert.Contains("data-total=\"10\"", search);
        // The page's edit link works for a wish that is not on the page shown.
        var edit = await PageAsync(pages, "/admin/wishes?edit=w-claimed");
        Assert.Contains("value=\"修理门锁\"", edit);
    }
}
