using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// A client generated from /openapi/v1.json (openapi-typescript, openapi-fetch) compiles under tsc --strict and publishes a
/// notice: the document's request and response schemas are what the controller really takes and gives (docs/decisions/0050).
/// </summary>
[RunsFor(30)]
public sealed class GeneratedClientTests(ApiClientTools tools) : IClassFixture<ApiClientTools>
{
    [Fact]
    public async Task A_typescript_client_generated_from_the_document_signs_in_and_publishes_a_notice()
    {
        await using var controller = ControllerHost.Start("generated-client");
        using var admin = await controller.AdminAsync();
        await TestWorld.CreateAsync(admin);
        var headBefore = await admin.HeadAsync();

        var workspace = tools.Workspace("generated-client");
        using (var anonymous = controller.Anonymous())
        {
            await File.WriteAllTextAsync(Path.Combine(workspace, "v1.json"), await anonymous.GetStringAsync("/openapi/v1.json"));
        }
        var generated = tools.GenerateTypes(workspace, "v1.json", "api.d.ts");
        Assert.True(generated.ExitCode == 0, "openapi-typescript failed:\n" + generated.Output);
        foreach (var program in new[] { "publish.mts", "wrong-type.mts" })
        {
            File.Copy(Path.Combine(tools.Folder, program), Path.Combine(workspace, program));
        }

        // The types are checked: a notice whose title is a number does not compile.
        var wrong = tools.Compile(workspace, "wrong-type.mts");
        Assert.True(wrong.ExitCode != 0, "a notice with a numeric title compiled: the generated types check nothing\n" + wrong.Output);
        Assert.Contains("wrong-type.mts(6,", wrong.Output);
        Assert.Contains("error TS2322", wrong.Output);

        var compiled = tools.Compile(workspace, "publish.mts");
        Assert.True(compiled.ExitCode == 0, "the client program does not compile against the generated types:\n" + compiled.Output);

        const string title = "丹桂苑明日停水（生成的客户端）";
        var run = ApiClientTools.Node(workspace, "publish.mjs", controller.Url, "admin", ControllerHost.AdminPassword, TestWorld.CompoundA, title);
        Assert.True(run.ExitCode == 0, "the generated client failed:\n" + run.Output);
        var result = JsonNode.Parse(run.Output.Split('\n').Last(line => line.StartsWith('{')))!;

        Assert.Equal(201, result["status"]!.GetValue<int>());
        Assert.Equal(title, result["title"]!.GetValue<string>());
        Assert.Equal("outage", result["category"]!.GetValue<string>());
        var id = result["id"]!.GetValue<string>();
        var seq = result["seq"]!.GetValue<long>();

        // Through the ordinary API: the notice is there as sent, and the change log moved on to its change.
        var stored = (await admin.GetFromJsonAsync<JsonObject>("/api/notices/" + id))!;
        Assert.Equal(title, stored["title"]!.GetValue<string>());
        Assert.Equal("pinned", stored["priority"]!.GetValue<string>());
        Assert.Equal(TestWorld.CompoundA, stored["target"]!["placeId"]!.GetValue<string>());
        Assert.True(seq > headBefore, $"the publish's seq {seq} is not after the head before it ({headBefore})");
        Assert.True(await admin.HeadAsync() >= seq);

        // The invalid notice (no title) came back as a problem the generated client reads: the reason in detail.
        Assert.Equal(400, result["invalidStatus"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(result["invalidDetail"]?.GetValue<string>()), "the 400 problem had no detail:\n" + run.Output);
        Assert.Contains("title", result["invalidDetail"]!.GetValue<string>());
    }
}
