using System.Net;
using System.Text.RegularExpressions;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// The staff home page's figures for the caller's area (the place store's counts, decision 0041): the places below
/// the area by kind, not counting the area itself, and the screens that stand in it; the whole city for an administrator.
/// Runs on PostgreSQL too with SIGNAGEKIOSK_TEST_STORE=postgresql.
/// </summary>
public sealed partial class StaffAreaFiguresTests
{
    private const string Password = "a-long-password";

    [GeneratedRegex("<p class=\"area-figures\">(.*?)</p>", RegexOptions.Singleline)]
    private static partial Regex Figures();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();

    private static async Task<string> FiguresAsync(string url, string user, string password)
    {
        using var page = new StaffBrowserClient(url);
        using (var signIn = await page.SignInAsync(user, password))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        }
        using var home = await page.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        var html = WebUtility.HtmlDecode(await home.Content.ReadAsStringAsync());
        var match = Figures().Match(html);
        Assert.True(match.Success, "no area figures on the home page");
        return Space().Replace(Regex.Replace(match.Groups[1].Value, "<[^>]+>", " "), " ").Trim();
    }

    [Fact]
    public async Task The_home_page_counts_the_places_and_screens_of_the_caller_s_area()
    {
        await using var controller = ControllerHost.Start("staff-area-figures", demo: true);
        using var admin = await controller.AdminAsync();
        await admin.PostJsonAsync("/api/users", new { username = "shequ", password = Password, role = "communityStaff", scopePlaceId = "community-xingfuli", mustChangePassword = false });
        // A second, empty compound in the community, with a station master of its own.
        await admin.PostJsonAsync("/api/places", new { id = "compound-new", kind = "compound", name = "新苑小区", parentId = "community-xingfuli" });
        await admin.PostJsonAsync("/api/users", new { username = "zhanzhang", password = Password, role = "stationMaster", scopePlaceId = "compound-new", mustChangePassword = false });

        // The demo city: one district, street and community, now two compounds, six buildings (units are not shown), one screen.
        Assert.Equal("城区 1 · 街道 1 · 社区 1 · 小区 2 · 楼栋 6 · 屏幕 1 块 · 在线 0 块", await FiguresAsync(controller.Url, "admin", ControllerHost.AdminPassword));
        // Below the community (not counting it): both compounds, the buildings, and the demo compound's screen.
        Assert.Equal("小区 2 · 楼栋 6 · 屏幕 1 块 · 在线 0 块", await FiguresAsync(controller.Url, "shequ", Password));
        // The empty compound holds nothing, and the other compound's screen does not stand in it.
        Assert.Equal("屏幕 0 块 · 在线 0 块", await FiguresAsync(controller.Url, "zhanzhang", Password));
    }
}
