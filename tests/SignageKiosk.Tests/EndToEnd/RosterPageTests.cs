using System.Net;
using Microsoft.Playwright;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.EndToEnd;

/// <summary>The building roster page (楼栋公示) in Chromium: add, fix, edit and remove an entry, and who may not.</summary>
public sealed class RosterPageTests(DemoBoard board) : IClassFixture<DemoBoard>
{
    private const string NewName = "页面测试单元长";

    /// <summary>The board's card for one person, from its opening div to its close.</summary>
    private static string? CardOf(string html, string name)
    {
        var at = html.IndexOf("<strong class=\"name\">" + name + "</strong>", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }
        var start = html.LastIndexOf("<div class=\"person", at, StringComparison.Ordinal);
        var end = html.IndexOf("</div>", at, StringComparison.Ordinal);
        return html[start..end];
    }

    [Fact]
    public async Task Staff_add_a_unit_head_for_3栋_fix_a_bad_phone_edit_and_remove_it_and_the_board_follows()
    {
        var page = await board.Chromium.SignInToStaffPagesAsync(board.Controller.Url, "admin", ControllerHost.AdminPassword, 1500, 1100);
        var context = page.Context;

        await page.GotoAsync(board.Controller.Url + "/admin/roster");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("楼栋公示");
        // The building is found with the picker (choosing it opens it), then its compound's buildings are one click away.
        await page.ChoosePlaceAsync("building", "2栋", "2栋");
        await Assertions.Expect(page.Locator("a[data-building=b2][aria-current=page]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("main h2").First).ToHaveTextAsync("2栋");
        await page.ClickAsync("a[data-building=b3]");
        await Assertions.Expect(page.Locator("main h2").First).ToHaveTextAsync("3栋");
        // Whole building first, then the units in order.
        var headings = await page.Locator("main h3").AllInnerTextsAsync();
        Assert.Equal("整栋", headings[0]);
        Assert.Equal("1单元", headings[1]);

        var head = await board.Admin.HeadAsync();
        await page.SelectOptionAsync("#Role", "UnitHead");
        await page.SelectOptionAsync("#UnitId", "b3-u1");
        await page.SelectOptionAsync("#PersonId", "");
        await page.FillAsync("#Name", NewName);
        await page.SelectOptionAsync("#Party", "Registered");
        await page.FillAsync("#Phone", "1381234567O");
        await page.ClickAsync("form.card button.primary");
        // Said in Chinese next to the field, what was typed is kept, and nothing was written.
        await Assertions.Expect(page.Locator("[data-error-for=phone]")).ToHaveTextAsync("请填写正确的电话号码（数字、+、- 或空格）");
        Assert.Equal(NewName, await page.InputValueAsync("#Name"));
        Assert.Equal(head, await board.Admin.HeadAsync());
        Assert.DoesNotContain(NewName, await board.Kiosk.BoardAsync());

        await page.FillAsync("#Phone", "13812345678");
        Assert.False(await page.IsCheckedAsync("#PhonePublic"));
        await page.ClickAsync("form.card button.primary");
        await Assertions.Expect(page.Locator(".notice-banner.ok")).ToBeVisibleAsync();
        var row = page.Locator("table[data-unit='1单元'] tr", new() { HasText = NewName });
        await Assertions.Expect(row).ToContainTextAsync("单元长");
        await Assertions.Expect(row).ToContainTextAsync("双报到党员");
        await page.ScreenshotAsync(new() { Path = Path.Combine(DemoBoard.Artifacts, "admin-roster.png"), FullPage = true });

        var html = await board.Kiosk.WaitForBoardAsync(b => CardOf(b, NewName) is not null, "the new unit head on the kiosk's board");
        var card = CardOf(html, NewName)!;
        Assert.Contains("party-badge", card);
        Assert.Contains("data-party=\"registered\"", card);
        Assert.Contains("*******5678", card);
        Assert.DoesNotContain("13812345678", card);

        // Editing the person: the phone becomes public and shows in full.
        await row.Locator("a[data-action=edit]").ClickAsync();
        Assert.Equal(NewName, await page.InputValueAsync("#Name"));
        await page.CheckAsync("#PhonePublic");
        await page.ClickAsync("form.card button.primary");
        await Assertions.Expect(page.Locator(".notice-banner.ok")).ToBeVisibleAsync();
        await board.Kiosk.WaitForBoardAsync(b => CardOf(b, NewName)?.Contains("13812345678") == true, "the phone shown in full once public");

        await page.Locator("table[data-unit='1单元'] tr", new() { HasText = NewName }).Locator("button[data-action=delete]").ClickAsync();
        await Assertions.Expect(page.Locator(".notice-banner.ok")).ToHaveTextAsync("已删除。");
        await Assertions.Expect(page.Locator("tr", new() { HasText = NewName })).ToHaveCountAsync(0);
        await board.Kiosk.WaitForBoardAsync(b => CardOf(b, NewName) is null, "the removed entry off the board");
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_unit_of_another_building_is_refused_in_Chinese_before_anyone_is_created()
    {
        using var staff = new StaffBrowserClient(board.Controller.Url);
        await staff.SignInAsync("admin", ControllerHost.AdminPassword);
        var head = await board.Admin.HeadAsync();
        var token = await staff.TokenFromAsync("/admin/roster?building=b3");
        using var post = await staff.PostFormAsync("/admin/roster", new()
        {
            ["Building"] = "b3", ["Role"] = "UnitHead", ["UnitId"] = "b1-u1", ["PersonId"] = "", ["Name"] = "错单元测试", ["Party"] = "None",
            ["Phone"] = "13800002222", ["__RequestVerificationToken"] = token,
        });
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Contains("data-error-for=\"unitId\">请选择这栋楼的单元<", await post.Content.ReadAsStringAsync());
        Assert.Equal(head, await board.Admin.HeadAsync());
    }

    [Fact]
    public async Task A_property_manager_keeps_the_red_stewards_and_nothing_else_on_the_roster()
    {
        await board.Admin.SendJsonAsync(HttpMethod.Post, "/api/users", new { username = "wuye-roster", password = "a-long-password", role = "propertyManager", scopePlaceId = "compound-dangui", mustChangePassword = false }, ensureSuccess: false);
        using var staff = new StaffBrowserClient(board.Controller.Url);
        await staff.SignInAsync("wuye-roster", "a-long-password");
        using (var response = await staff.GetAsync("/admin/roster?building=b3"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // A volunteer is community staff's to appoint: refused before anything is written.
        var head = await board.Admin.HeadAsync();
        var token = await staff.TokenFromAsync("/admin/roster?building=b3");
        using (var post = await staff.PostFormAsync("/admin/roster", new()
        {
            ["Building"] = "b3", ["Role"] = "Volunteer", ["PersonId"] = "", ["Name"] = "物业加的志愿者", ["Party"] = "None",
            ["Phone"] = "13800001112", ["__RequestVerificationToken"] = token,
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
            Assert.Contains("/admin/denied", post.Headers.Location!.ToString());
        }
        using (var delete = await staff.PostFormAsync("/admin/roster?handler=Delete&id=r-b1-head&building=b1", new() { ["__RequestVerificationToken"] = token }))
        {
            Assert.Equal(HttpStatusCode.Redirect, delete.StatusCode);
            Assert.Contains("/admin/denied", delete.Headers.Location!.ToString());
        }
        Assert.Equal(head, await board.Admin.HeadAsync());

        // Its own steward goes on the board.
        using (var steward = await staff.PostFormAsync("/admin/roster", new()
        {
            ["Building"] = "b3", ["Role"] = "RedSteward", ["PersonId"] = "", ["Name"] = "物业新派的管家", ["Party"] = "None",
            ["Phone"] = "13800001111", ["PhonePublic"] = "true", ["__RequestVerificationToken"] = token,
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, steward.StatusCode);
            Assert.DoesNotContain("/admin/denied", steward.Headers.Location!.ToString());
        }
        await board.Kiosk.WaitForBoardAsync(b => b.Contains("物业新派的管家"), "the property manager's new steward on the board");
    }

}
