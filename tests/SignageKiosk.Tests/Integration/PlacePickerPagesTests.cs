using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// The users, broadcasts and proof pages choose a place with the one picker (decision 0035), not a list of every
/// place: with 300 more compounds in the city their HTML names none of them and stays small; the proof page offers
/// the newest notices and finds the others.
/// </summary>
public sealed partial class PlacePickerPagesTests
{
    private const int ExtraPlaces = 300;
    private const string Password = "a-long-password";

    [GeneratedRegex("<option")]
    private static partial Regex Option();

    private static int Options(string html) => Option().Count(html);

    private static async Task<string> HtmlAsync(StaffBrowserClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>No page lists the extra compounds, and each stays far below what a list of them would weigh.</summary>
    private static void NoPlaceList(string html, int maxOptions)
    {
        Assert.DoesNotContain("拓展", html);
        Assert.True(Options(html) <= maxOptions, $"{Options(html)} options");
        Assert.True(html.Length < 60_000, $"{html.Length} characters");
    }

    [Fact]
    public async Task Users_broadcasts_and_proof_pages_carry_a_picker_not_an_option_per_place()
    {
        await using var controller = ControllerHost.Start("picker-pages");
        using var admin = await controller.AdminAsync();
        await TestWorld.CreateAsync(admin);
        for (var i = 1; i <= ExtraPlaces; i++)
        {
            await admin.PostJsonAsync("/api/places", new { id = $"x-{i:000}", kind = "compound", name = $"拓展{i:000}苑", parentId = TestWorld.Community });
        }
        var pm = await admin.PostJsonAsync("/api/users", new { username = "wuye", password = Password, role = "propertyManager", scopePlaceId = TestWorld.CompoundA, mustChangePassword = false });
        var pmId = pm["id"]!.GetValue<long>();
        using var pages = new StaffBrowserClient(controller.Url);
        await pages.SignInAsync("admin", ControllerHost.AdminPassword);

        // Users: each row's scope in words and its own picker; only the role selects have options (4 roles a form).
        var users = await HtmlAsync(pages, "/admin/users");
        NoPlaceList(users, maxOptions: 4 * 3);
        Assert.Contains("城南区 / 幸福路街道 / 幸福里社区 / 丹桂苑", users);
        Assert.Contains($"id=\"picker-EditScope-{pmId}\"", users);
        Assert.Contains("id=\"picker-NewScope\"", users);
        Assert.Equal(1, Regex.Count(users, "id=\"picker-NewScope\""));

        // Without JavaScript a row's search is posted (the new-user form holds a password) and answers in that row only, open.
        var token = await pages.TokenFromAsync("/admin/users");
        using (var found = await pages.PostFormAsync("/admin/users?handler=Find", new()
        {
            ["EditRole"] = "PropertyManager", ["EditScope"] = TestWorld.CompoundA, [$"pick-EditScope-{pmId}"] = "拓展007", ["__RequestVerificationToken"] = token,
        }))
        {
            Assert.Equal(HttpStatusCode.OK, found.StatusCode);
            var html = await found.Content.ReadAsStringAsync();
            Assert.Contains("<input type=\"radio\" name=\"EditScope\" value=\"x-007\"", html);
            Assert.Equal(1, Regex.Count(html, "value=\"x-007\""));
            Assert.Matches($"<tr data-user=\"wuye\">[\\s\\S]*?<details class=\"user-edit\" open=\"open\">", html);
            Assert.DoesNotMatch("<tr data-user=\"admin\">[\\s\\S]*?<details class=\"user-edit\" open", html.Split("<tr data-user=\"wuye\">")[0]);
        }
        // A search changes nothing.
        var stored = (await admin.GetFromJsonAsync<JsonObject>("/api/users?q=wuye"))!["items"]!.AsArray().Single()!;
        Assert.Equal(TestWorld.CompoundA, stored["scopePlaceId"]!.GetValue<string>());
        Assert.Equal("propertyManager", stored["role"]!.GetValue<string>(), ignoreCase: true);
        using (var found = await pages.PostFormAsync("/admin/users?handler=Find", new()
        {
            ["NewUsername"] = "xinzhanghao", ["NewPassword"] = "never-echoed-pw", ["NewRole"] = "PropertyManager", ["pick-NewScope"] = "拓展123",
            ["__RequestVerificationToken"] = token,
        }))
        {
            var html = await found.Content.ReadAsStringAsync();
            Assert.Contains("value=\"x-123\"", html);
            Assert.Contains("value=\"xinzhanghao\"", html);
            Assert.DoesNotContain("never-echoed-pw", html);
            Assert.Matches("<option value=\"PropertyManager\" selected=\"selected\">", html.Split("id=\"new-user\"")[1]);
        }
        Assert.DoesNotContain("xinzhanghao", (await admin.GetFromJsonAsync<JsonObject>("/api/users?q=xinzhanghao"))!.ToJsonString());
        using (var created = await pages.PostFormAsync("/admin/users", new()
        {
            ["NewUsername"] = "xinzhanghao", ["NewPassword"] = Password, ["NewRole"] = "PropertyManager", ["NewScope"] = "x-123", ["__RequestVerificationToken"] = token,
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        }
        Assert.Contains("幸福里社区 / 拓展123苑", await HtmlAsync(pages, "/admin/users?q=xinzhanghao"));

        // Broadcasts: only the durations are options; a search round trip lists the matches under the same field.
        NoPlaceList(await HtmlAsync(pages, "/admin/broadcasts"), maxOptions: 6);
        var searched = await HtmlAsync(pages, "/admin/broadcasts?pick-TargetPlaceId=" + Uri.EscapeDataString("拓展05"));
        Assert.Equal(10, Regex.Count(searched, "<input type=\"radio\" name=\"TargetPlaceId\" value=\"x-05\\d\""));

        // Proof: the newest 50 of 55 notices, the others by search, the chosen one's title and place path shown.
        for (var i = 1; i <= 55; i++)
        {
            await admin.PublishAsync("notices", TestWorld.Notice($"n-{i:00}", $"第{i:00}号通知", TestWorld.CompoundA));
        }
        var proof = await HtmlAsync(pages, "/admin/proof");
        NoPlaceList(proof, maxOptions: 51);
        Assert.Equal(51, Options(proof));
        Assert.Contains("共 55 条", proof);
        var one = await HtmlAsync(pages, "/admin/proof?nq=" + Uri.EscapeDataString("第07号"));
        Assert.Equal(2, Options(one));
        Assert.Contains("<option value=\"n-07\">第07号通知</option>", one);
        var chosen = await HtmlAsync(pages, $"/admin/proof?notice=n-03&place={TestWorld.BuildingA1}&nq=" + Uri.EscapeDataString("第07号"));
        Assert.Matches("data-notice-chosen>第03号通知<", chosen);
        Assert.Contains("<option value=\"n-03\" selected>第03号通知</option>", chosen);
        Assert.Contains("幸福路街道 / 幸福里社区 / 丹桂苑 / 1栋", chosen);
        Assert.Contains("data-answer=\"no\"", chosen);
        NoPlaceList(chosen, maxOptions: 3);
    }
}
