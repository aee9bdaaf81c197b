using System.Net;
using System.Text.RegularExpressions;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// Micro-wishes' rules over real HTTP: who may post and act on wishes (roles, areas: outside one's area is 404), bad
/// input answered 4xx in Chinese with nothing changed, and the public claim page's antiforgery and per-address limit.
/// </summary>
public sealed partial class MicroWishAccessTests
{
    private const string Password = "a-long-password";

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    private static async Task<(HttpClient Admin, Dictionary<string, StaffBrowserClient> Pages)> SetUpAsync(ControllerHost controller)
    {
        var admin = await controller.AdminAsync();
        await admin.PostJsonAsync("/api/places", new { id = "community-heping", kind = "community", name = "和平里社区", parentId = "street-xingfulu" });
        await admin.PostJsonAsync("/api/places", new { id = "compound-heping", kind = "compound", name = "和平苑", parentId = "community-heping" });
        var pages = new Dictionary<string, StaffBrowserClient>();
        foreach (var (name, role, scope) in new[]
        {
            ("shequ", "communityStaff", "community-xingfuli"), ("heping", "communityStaff", "community-heping"),
            ("wuye", "propertyManager", "compound-dangui"), ("zhanzhang", "stationMaster", "compound-dangui"),
        })
        {
            await admin.PostJsonAsync("/api/users", new { username = name, password = Password, role, scopePlaceId = scope, mustChangePassword = false });
            pages[name] = new StaffBrowserClient(controller.Url);
            (await pages[name].SignInAsync(name, Password)).Dispose();
        }
        return (admin, pages);
    }

    private static object Wish(string id, string title, string place = "compound-dangui") =>
        new { id, title, category = "groceries", state = "open", postedOn = "2026-12-01", target = new { placeId = place } };

    private static async Task<HttpResponseMessage> PostPageAsync(StaffBrowserClient client, string path, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = await client.TokenFromAsync("/admin");
        return await client.PostFormAsync(path, fields);
    }

    private static bool Denied(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Forbidden
        || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.ToString().Contains("/admin/denied", StringComparison.OrdinalIgnoreCase));

    [Fact]
    public async Task Only_administrators_and_community_staff_of_the_area_post_and_act_on_wishes_and_bad_input_changes_nothing()
    {
        await using var controller = ControllerHost.Start("wishes-access", demo: true);
        var (admin, pages) = await SetUpAsync(controller);
        using var _ = admin;
        try
        {
            await admin.PublishAsync("wishes", Wish("w-veg", "每周代购蔬菜"));

            // Property managers and station masters: not through the API, not through the page.
            foreach (var name in new[] { "wuye", "zhanzhang" })
            {
                using var token = await controller.SignInAsync(name, Password);
                using var api = await token.PostAsync("/api/wishes", System.Net.Http.Json.JsonContent.Create(Wish("w-" + name, "越权心愿")));
                Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
                using var page = await pages[name].GetAsync("/admin/wishes");
                Assert.True(Denied(page), $"{name} GET /admin/wishes: {(int)page.StatusCode}");
                var head = await admin.HeadAsync();
                using var post = await PostPageAsync(pages[name], "/admin/wishes", new() { ["Title"] = "越权心愿", ["Category"] = "Groceries", ["TargetPlaceId"] = "compound-dangui" });
                Assert.True(Denied(post), $"{name} POST /admin/wishes: {(int)post.StatusCode}");
                Assert.Equal(head, await admin.HeadAsync());
            }
            Assert.DoesNotContain("越权", await admin.GetStringAsync("/api/wishes"));

            // Community staff of another community: the wish does not exist for them.
            var before = await admin.HeadAsync();
            foreach (var path in new[] { "/admin/wishes?handler=Fulfil&id=w-veg", "/admin/wishes?handler=Withdraw&id=w-veg", "/admin/wishes?handler=ClaimFor&id=w-veg" })
            {
                using var outside = await PostPageAsync(pages["heping"], path, new() { ["claimName"] = "赵六" });
                Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
            }
            using (var edit = await pages["heping"].GetAsync("/admin/wishes?edit=w-veg"))
            {
                Assert.Equal(HttpStatusCode.NotFound, edit.StatusCode);
            }
            using (var list = await pages["heping"].GetAsync("/admin/wishes"))
            {
                Assert.DoesNotContain("data-wish-id=\"w-veg\"", await list.Content.ReadAsStringAsync());
            }
            using (var theirs = await pages["heping"].PostFormAsync("/admin/wishes", new() { ["Title"] = "越界心愿", ["Category"] = "Groceries", ["TargetPlaceId"] = "compound-dangui", ["__RequestVerificationToken"] = await pages["heping"].TokenFromAsync("/admin") }))
            {
                Assert.Equal(HttpStatusCode.BadRequest, theirs.StatusCode);
                Assert.Contains("您的账号没有权限做这件事。", await theirs.Content.ReadAsStringAsync());
            }
            Assert.Equal(before, await admin.HeadAsync());

            // A claim on someone else's roster is refused: the roster person must be in the area.
            await admin.PublishAsync("people", new { id = "p-heping", name = "周七", party = "resident", target = new { placeId = "compound-heping" } });
            before = await admin.HeadAsync();
            using (var foreign = await PostPageAsync(pages["shequ"], "/admin/wishes?handler=ClaimFor&id=w-veg", new() { ["personId"] = "p-heping" }))
            {
                Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
                Assert.Contains("请从本辖区名单中选择认领人", await foreign.Content.ReadAsStringAsync());
            }
            using (var digits = await PostPageAsync(pages["shequ"], "/admin/wishes?handler=ClaimFor&id=w-veg", new() { ["claimName"] = "王 13912345678" }))
            {
                Assert.Equal(HttpStatusCode.BadRequest, digits.StatusCode);
                Assert.Contains("姓名里不能有数字或特殊字符", await digits.Content.ReadAsStringAsync());
            }
            Assert.Equal(before, await admin.HeadAsync());

            // Bad input on the page: empty, control characters only, too long; 400 with the Chinese message, nothing written.
            foreach (var (title, said) in new[] { ("", "此项必填"), ("\u0001\u0002\u202E", "此项必填"), (new string('菜', 41), "最多 40 个字") })
            {
                using var bad = await PostPageAsync(pages["shequ"], "/admin/wishes", new() { ["Title"] = title, ["Category"] = "Groceries", ["TargetPlaceId"] = "compound-dangui", ["Note"] = "不该保存的备注" });
                Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
                Assert.Contains($"data-error-for=\"title\">{said}<", await bad.Content.ReadAsStringAsync());
            }
            using (var longNote = await PostPageAsync(pages["shequ"], "/admin/wishes", new() { ["Title"] = "陪老人散步", ["Category"] = "Companionship", ["TargetPlaceId"] = "compound-dangui", ["Note"] = new string('备', 501) }))
            {
                Assert.Equal(HttpStatusCode.BadRequest, longNote.StatusCode);
                Assert.Contains("最多 500 个字", await longNote.Content.ReadAsStringAsync());
            }
            using (var unknownCategory = await PostPageAsync(pages["shequ"], "/admin/wishes", new() { ["Title"] = "陪老人散步", ["Category"] = "Bribes", ["TargetPlaceId"] = "compound-dangui" }))
            {
                Assert.True((int)unknownCategory.StatusCode is >= 400 and < 500, $"unknown category: {(int)unknownCategory.StatusCode}");
            }
            // …and through the API: an open wish with a claimant, a phone as the claimant.
            var refused = await admin.SendJsonAsync(HttpMethod.Post, "/api/wishes", new { id = "w-bad", title = "修理门锁", category = "repair", state = "claimed", claimedBy = "13912345678", postedOn = "2026-12-01", target = new { placeId = "compound-dangui" } }, ensureSuccess: false);
            Assert.Equal("claimedBy", refused["field"]?.GetValue<string>());
            Assert.Equal(before, await admin.HeadAsync());
            Assert.Single((await admin.GetStringAsync("/api/wishes")).Split("\"id\":").Skip(1));
        }
        finally
        {
            foreach (var page in pages.Values)
            {
                page.Dispose();
            }
        }
    }

    [Fact]
    public async Task The_public_claim_page_needs_its_token_refuses_bad_names_in_Chinese_and_limits_claims_per_address()
    {
        await using var controller = ControllerHost.Start("wishes-public", demo: true, settings: new() { ["Wishes:ClaimsPerAddressPerHour"] = "2" });
        using var admin = await controller.AdminAsync();
        await admin.PublishAsync("wishes", Wish("w-veg", "每周代购蔬菜"));
        await admin.PublishAsync("wishes", Wish("w-math", "数学辅导"));
        using var phone = new StaffBrowserClient(controller.Url);

        using (var missing = await phone.GetAsync("/w/no-such-wish"))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Contains("心愿不存在或已撤下", await missing.Content.ReadAsStringAsync());
        }
        using (var page = await phone.GetAsync("/w/w-veg"))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.True(page.Headers.CacheControl?.NoStore, "never cached");
            var csp = page.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Contains("script-src 'self' 'nonce-", csp);
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.DoesNotContain("<script", await page.Content.ReadAsStringAsync());
        }

        async Task<HttpResponseMessage> ClaimAsync(string wish, string name, string number, bool withToken = true)
        {
            var fields = new Dictionary<string, string> { ["Name"] = name, ["Phone"] = number, ["Party"] = "true" };
            if (withToken)
            {
                fields["__RequestVerificationToken"] = await phone.TokenFromAsync("/w/" + wish);
            }
            return await phone.PostFormAsync("/w/" + wish, fields);
        }

        // Through the controller's own store, so it counts on either back end.
        Task<long> ClaimCountAsync() => ReportRows.ScalarAsync(controller, "SELECT count(*) FROM wish_claims;");

        using (var forged = await ClaimAsync("w-veg", "王小明", "13912345678", withToken: false))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }
        foreach (var (name, number, said) in new[] { ("王\u0007明", "13912345678", "姓名里不能有数字或特殊字符"), ("", "13912345678", "请填写姓名或称呼"), (new string('王', 21), "13912345678", "姓名最多 20 个字"), ("王小明", "12345", "请填写正确的手机号码") })
        {
            using var bad = await ClaimAsync("w-veg", name, number);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains(said, await bad.Content.ReadAsStringAsync());
        }
        Assert.Equal(0, await ClaimCountAsync());

        var head = await admin.HeadAsync();
        using (var first = await ClaimAsync("w-veg", "王小明", "13912345678"))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Contains("谢谢您", await first.Content.ReadAsStringAsync());
        }
        using (var second = await ClaimAsync("w-math", "王小明", "13912345678"))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        }
        using (var third = await ClaimAsync("w-math", "李四", "13812345678"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
            Assert.Contains("提交太频繁了", await third.Content.ReadAsStringAsync());
        }
        Assert.Equal(2, await ClaimCountAsync());
        // Pending claims change nothing that kiosks get: no change logged, both wishes still open.
        Assert.Equal(head, await admin.HeadAsync());
        Assert.DoesNotContain("\"claimed\"", await admin.GetStringAsync("/api/wishes"));
        Assert.DoesNotContain("13912345678", await admin.GetStringAsync("/api/wishes"));
        // The budget is kept in the store: a restarted controller still refuses.
        await controller.RestartAsync();
        using (var afterRestart = await ClaimAsync("w-math", "李四", "13812345678"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, afterRestart.StatusCode);
        }
    }
}
