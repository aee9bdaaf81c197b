using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

public sealed class BadInputTests
{
    public static TheoryData<string, string, string, HttpStatusCode, string> Cases => new()
    {
        { "POST", "/api/notices", "{\"title\": \"停水\", \"target\": {\"placeId\": \"compound-a\"", HttpStatusCode.BadRequest, "JSON 格式有误" },
        { "POST", "/api/notices", "{\"title\": \"停水\", \"colour\": \"red\", \"target\": {\"placeId\": \"compound-a\"}}", HttpStatusCode.BadRequest, "没有“colour”这一项" },
        { "POST", "/api/notices", "{\"body\": \"没有标题\", \"target\": {\"placeId\": \"compound-a\"}}", HttpStatusCode.BadRequest, "title" },
        { "POST", "/api/notices", "{\"title\": \"  \", \"target\": {\"placeId\": \"compound-a\"}}", HttpStatusCode.BadRequest, "此项必填 (title is required)" },
        { "POST", "/api/notices", "{\"title\": \"无目标\"}", HttpStatusCode.BadRequest, "target" },
        { "POST", "/api/notices", "{\"title\": \"两个目标\", \"target\": {\"placeId\": \"compound-a\", \"kioskId\": \"kiosk-a\"}}", HttpStatusCode.BadRequest, "请选择发布到哪里" },
        { "POST", "/api/notices", "{\"title\": \"倒序\", \"validFrom\": \"2026-11-22T10:00:00+08:00\", \"validTo\": \"2026-11-21T10:00:00+08:00\", \"target\": {\"placeId\": \"compound-a\"}}", HttpStatusCode.BadRequest, "结束时间必须晚于开始时间" },
        { "POST", "/api/activities", "{\"title\": \"书法班\", \"start\": \"2026-11-23T10:00:00\", \"end\": \"2026-11-23T09:00:00\", \"target\": {\"placeId\": \"compound-a\"}}", HttpStatusCode.BadRequest, "结束时间必须晚于开始时间" },
        { "POST", "/api/duty-shifts", "{\"personName\": \"李明\", \"role\": \"值班\", \"start\": \"2026-11-23T20:00:00\", \"end\": \"2026-11-23T08:00:00\", \"target\": {\"placeId\": \"compound-a\"}}", HttpStatusCode.BadRequest, "夜班请把结束日期选为次日" },
        { "POST", "/api/notices", "{\"title\": \"不存在的地方\", \"target\": {\"placeId\": \"atlantis\"}}", HttpStatusCode.BadRequest, "要发布到的地点“atlantis”不存在" },
        { "POST", "/api/notices", "{\"title\": \"不存在的屏\", \"target\": {\"kioskId\": \"ghost\"}}", HttpStatusCode.BadRequest, "要发布到的屏幕“ghost”不存在" },
        { "POST", "/api/notices", "{\"title\": \"优先级\", \"priority\": \"extreme\", \"target\": {\"placeId\": \"compound-a\"}}", HttpStatusCode.BadRequest, "priority" },
        { "POST", "/api/notices", "[1, 2, 3]", HttpStatusCode.BadRequest, "" },
        { "POST", "/api/notices", "{\"id\": \"../../etc\", \"title\": \"坏id\", \"target\": {\"placeId\": \"compound-a\"}}", HttpStatusCode.BadRequest, "编号只能由字母" },
        { "POST", "/api/notices", "{\"id\": \"existing\", \"title\": \"重复\", \"target\": {\"placeId\": \"compound-a\"}}", HttpStatusCode.Conflict, "已存在，修改请用 PUT" },
        { "PUT", "/api/notices/existing", "{\"id\": \"other\", \"title\": \"不一致\", \"target\": {\"placeId\": \"compound-a\"}}", HttpStatusCode.BadRequest, "与网址中的“existing”不一致" },
        { "PUT", "/api/notices/missing", "{\"title\": \"没有\", \"target\": {\"placeId\": \"compound-a\"}}", HttpStatusCode.NotFound, "通知 missing 不存在" },
        { "DELETE", "/api/notices/missing", "", HttpStatusCode.NotFound, "通知 missing 不存在" },
        { "POST", "/api/hotlines", "{\"name\": \"物业\", \"number\": \"call me\", \"target\": {\"placeId\": \"compound-a\"}}", HttpStatusCode.BadRequest, "请填写正确的电话号码" },
        { "POST", "/api/roster", "{\"personId\": \"nobody\", \"role\": \"buildingHead\", \"buildingId\": \"a1\", \"target\": {\"placeId\": \"compound-a\"}}", HttpStatusCode.BadRequest, "人员“nobody”不存在" },
        { "POST", "/api/places", "{\"id\": \"x\", \"kind\": \"compound\", \"name\": \"楼里的小区\", \"parentId\": \"a1\"}", HttpStatusCode.BadRequest, "小区不能放在楼栋下面" },
        { "POST", "/api/stations", "{\"id\": \"s\", \"name\": \"驿站\", \"placeId\": \"compound-a\", \"timeZone\": \"Mars/Olympus\"}", HttpStatusCode.BadRequest, "不认识的时区“Mars/Olympus”" },
        { "POST", "/api/kiosks", "{\"id\": \"k\", \"name\": \"屏\", \"stationId\": \"nowhere\"}", HttpStatusCode.BadRequest, "驿站“nowhere”不存在" },
        { "DELETE", "/api/places/compound-a", "", HttpStatusCode.Conflict, "请先移走或删除它们" },
        { "POST", "/api/nonsense", "{}", HttpStatusCode.NotFound, "没有这个接口" },
    };

    [Fact]
    public async Task Every_bad_request_gets_a_clear_4xx_and_changes_nothing()
    {
        await using var controller = ControllerHost.Start("bad-input");
        using var admin = await controller.AdminAsync();
        await TestWorld.CreateAsync(admin);
        await admin.PublishAsync("notices", TestWorld.Notice("existing", "已有通知", TestWorld.CompoundA));
        var head = await admin.HeadAsync();
        var notices = await admin.GetStringAsync("/api/notices");

        var failures = new List<string>();
        foreach (var row in Cases)
        {
            var (method, path, body, expected, message) = ((string)row[0], (string)row[1], (string)row[2], (HttpStatusCode)row[3], (string)row[4]);
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (body.Length > 0)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }
            using var response = await admin.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var error = (JsonNode.Parse(text) as JsonObject)?["detail"]?.GetValue<string>() ?? "";
            if (response.StatusCode != expected || error.Length == 0 || !error.Contains(message, StringComparison.Ordinal))
            {
                failures.Add($"{method} {path} {body}: got {(int)response.StatusCode} {text}");
            }
        }
        Assert.Empty(failures);
        Assert.Equal(head, await admin.HeadAsync());
        Assert.Equal(notices, await admin.GetStringAsync("/api/notices"));
    }

    [Fact]
    public async Task Oversized_bodies_wrong_types_and_wrong_callers_are_refused()
    {
        await using var controller = ControllerHost.Start("callers");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        var head = await admin.HeadAsync();

        var huge = "{\"title\": \"" + new string('水', 10 * 1024 * 1024 / 3) + "\", \"target\": {\"placeId\": \"compound-a\"}}";
        // Like curl, send Expect: 100-continue so the refusal arrives before the 10 MB do.
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/notices") { Content = new StringContent(huge, Encoding.UTF8, "application/json") })
        using (var response = await admin.SendAsync(SetExpectContinue(request)))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Contains("too large", await response.Content.ReadAsStringAsync());
        }
        using (var response = await admin.PostAsync("/api/notices", new StringContent("title=x", Encoding.UTF8, "application/x-www-form-urlencoded")))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        }

        using var anonymous = controller.Anonymous();
        foreach (var path in new[] { "/api/notices", "/api/places", "/api/kiosks", "/api/changes/head", "/api/media/" + new string('a', 64) })
        {
            using var response = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("authentication required", await response.Content.ReadAsStringAsync());
        }
        using (var response = await anonymous.PostAsJsonAsync("/api/notices", new { title = "匿名", target = new { placeId = "compound-a" } }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        using (var response = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = "admin", password = "wrong" }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("wrong username or password", await response.Content.ReadAsStringAsync());
        }
        using (var forged = controller.Anonymous())
        {
            forged.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "sks_" + new string('0', 64));
            Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync("/api/notices")).StatusCode);
        }

        using var kiosk = controller.Anonymous();
        kiosk.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", world.Credentials["kiosk-a"]);
        foreach (var (method, path) in new[] { ("GET", "/api/notices"), ("POST", "/api/notices"), ("POST", "/api/kiosks"), ("DELETE", "/api/places/a2"), ("GET", "/api/changes/head") })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path)
            {
                Content = method == "GET" ? null : JsonContent.Create(new { title = "屏幕发的", target = new { placeId = "compound-a" } }),
            };
            using var response = await kiosk.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("kiosk credential cannot call this endpoint", await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(head, await admin.HeadAsync());
    }

    private static HttpRequestMessage SetExpectContinue(HttpRequestMessage request)
    {
        request.Headers.ExpectContinue = true;
        return request;
    }

    [Fact]
    public async Task The_language_switch_sends_back_only_to_a_path_on_this_site()
    {
        await using var controller = ControllerHost.Start("lang-back");
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(controller.Url) };
        // As typed in the query string: the server decodes them, so %5C is a backslash and /\evil.com is //evil.com to a browser.
        string[] evil = ["/%5Cevil.com", "/%5C%5Cevil.com", "//evil.com", "///evil.com", "https://evil.com", "/\\evil.com", "%2F%2Fevil.com",
            "%2F%5Cevil.com", "javascript:alert(1)", "/%09/evil.com", "/%0D%0ALocation:%20https://evil.com", ""];
        var wrong = new List<string>();
        foreach (var back in evil)
        {
            using var response = await client.GetAsync("/admin/lang/zh?back=" + back);
            if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString != "/admin")
            {
                wrong.Add($"{back}: {(int)response.StatusCode} {response.Headers.Location}");
            }
        }
        Assert.Empty(wrong);

        // A page of this site is where the switch goes back to, Chinese in its path included (percent-encoded: headers are ASCII).
        foreach (var (back, expected) in new[]
        {
            ("/admin/login", "/admin/login"),
            ("/admin/notices/edit?id=n-1", "/admin/notices/edit?id=n-1"),
            ("/admin/通知", "/admin/%E9%80%9A%E7%9F%A5"),
        })
        {
            using var response = await client.GetAsync("/admin/lang/en?back=" + Uri.EscapeDataString(back));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(expected, response.Headers.Location!.OriginalString);
        }
    }
}
