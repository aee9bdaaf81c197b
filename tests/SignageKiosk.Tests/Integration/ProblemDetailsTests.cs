using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// Every refusal of the API is an RFC 9457 problem (docs/decisions/0049): application/problem+json with the status, a
/// zh-CN title, the message in detail and the field at fault in "field" — whichever part of the controller refused.
/// </summary>
public sealed class ProblemDetailsTests
{
    [Fact]
    public async Task Refusals_from_every_layer_are_problem_details()
    {
        await using var controller = ControllerHost.Start("problems");
        using var admin = await controller.AdminAsync();
        await TestWorld.CreateAsync(admin);
        using var anonymous = controller.Anonymous();

        // A validator's refusal (thrown ApiException), with the field at fault.
        var wrongField = await ProblemAsync(await admin.PostAsync("/api/notices",
            new StringContent("{\"title\": \"停水\", \"colour\": \"red\", \"target\": {\"placeId\": \"compound-a\"}}", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        Assert.Equal("请求无效", wrongField["title"]!.GetValue<string>());
        Assert.Contains("colour", wrongField["detail"]!.GetValue<string>());
        Assert.Equal("$.colour", wrongField["field"]!.GetValue<string>());

        // A handler's typed refusal, the unknown-route fallback, the bearer challenge, the sign-in refusal.
        Assert.Contains("紧急通知 nothing-here 不存在 (broadcasts/nothing-here does not exist)", (await ProblemAsync(await admin.GetAsync("/api/broadcasts/nothing-here"), HttpStatusCode.NotFound))["detail"]!.GetValue<string>());
        Assert.Contains("没有这个接口", (await ProblemAsync(await admin.GetAsync("/api/nonsense"), HttpStatusCode.NotFound))["detail"]!.GetValue<string>());
        Assert.Contains("请先登录", (await ProblemAsync(await anonymous.GetAsync("/api/notices"), HttpStatusCode.Unauthorized))["detail"]!.GetValue<string>());
        Assert.Contains("用户名或密码不正确", (await ProblemAsync(
            await anonymous.PostAsJsonAsync("/api/auth/token", new { username = "admin", password = "wrong" }), HttpStatusCode.Unauthorized))["detail"]!.GetValue<string>());

        // Refusals of the kinds the stores and the pairing door make: a conflict, a bad reference, a role, a content type.
        var conflict = await ProblemAsync(await admin.PostAsync("/api/places",
            new StringContent("{\"id\": \"compound-a\", \"kind\": \"compound\", \"name\": \"重复\", \"parentId\": \"c1\"}", Encoding.UTF8, "application/json")), HttpStatusCode.Conflict);
        Assert.Contains("已存在", conflict["detail"]!.GetValue<string>());
        var unknownParent = await ProblemAsync(await admin.PostAsync("/api/places",
            new StringContent("{\"id\": \"compound-z\", \"kind\": \"compound\", \"name\": \"新小区\", \"parentId\": \"nowhere\"}", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        Assert.Equal("parentId", unknownParent["field"]!.GetValue<string>());
        var invalid = await ProblemAsync(await admin.PostAsync("/api/notices",
            new StringContent("{\"title\": \"\", \"target\": {\"placeId\": \"compound-a\"}}", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        Assert.StartsWith("此项必填 (title is required)", invalid["detail"]!.GetValue<string>());
        await ProblemAsync(await admin.PostAsync("/api/notices", new StringContent("title=停水", Encoding.UTF8, "text/plain")), HttpStatusCode.UnsupportedMediaType);
        await ProblemAsync(await admin.PostAsJsonAsync("/api/users", new { username = "x", password = "long-enough-1", role = "admin" }), HttpStatusCode.BadRequest);

        // A status the framework sets with no body (a query value its binding cannot read) still gets a problem body.
        var binding = await ProblemAsync(await admin.GetAsync("/api/places?limit=many"), HttpStatusCode.BadRequest);
        Assert.Equal("请求无效", binding["title"]!.GetValue<string>());
    }

    private static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonNode.Parse(text)!.AsObject();
            Assert.Equal((int)expected, problem["status"]!.GetValue<int>());
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", problem["title"]!.GetValue<string>());
            Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>()), text);
            // zh-CN by default, the English after it in brackets (docs/decisions/0049).
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", problem["detail"]!.GetValue<string>());
            Assert.Null(problem["error"]);
            return problem;
        }
    }
}
