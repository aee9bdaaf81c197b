using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>Each staff role against each kind and each scope, through the REST API: forbidden means 403 and nothing changed.</summary>
public sealed class AuthorizationTests
{
    private static object Item(string kind, string id, string compound)
    {
        var target = new { placeId = compound };
        var building = compound == TestWorld.CompoundA ? TestWorld.BuildingA1 : "b1";
        var person = compound == TestWorld.CompoundA ? "p-a" : "p-b";
        return kind switch
        {
            "notices" => new { id, title = "通知", target },
            "activities" => new { id, title = "书法班", start = "2026-11-23T09:00:00", end = "2026-11-23T11:00:00", target },
            "hotlines" => new { id, name = "物业", number = "0536-8123456", category = "property", target },
            "duty-shifts" => new { id, personName = "李明", role = "值班", start = "2026-11-23T20:00:00", end = "2026-11-24T08:00:00", target },
            "supplies" => new { id, category = "防汛物资", item = "沙袋", quantity = 50, target },
            "people" => new { id, name = "王芳", party = "resident", target },
            "roster" => new { id, personId = person, role = "buildingHead", buildingId = building, target },
            "holidays" => new { id, date = "2026-10-01", name = "国庆节", target },
            "wishes" => new { id, title = "每周代购蔬菜", category = "groceries", postedOn = "2026-11-23", target },
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    private static readonly string[] ContentKinds = ["notices", "activities", "hotlines", "duty-shifts", "supplies", "people", "roster", "holidays", "wishes"];

    [Fact]
    public async Task Every_role_may_edit_only_its_kinds_in_its_own_area()
    {
        await using var controller = ControllerHost.Start("authz");
        using var admin = await controller.AdminAsync();
        await TestWorld.CreateAsync(admin);
        await admin.PublishAsync("people", new { id = "p-a", name = "张三", target = new { placeId = TestWorld.CompoundA } });
        await admin.PublishAsync("people", new { id = "p-b", name = "李四", target = new { placeId = TestWorld.CompoundB } });
        var users = new Dictionary<string, (string Role, string? Scope)>
        {
            ["staff1"] = ("communityStaff", TestWorld.Community),
            ["property1"] = ("propertyManager", TestWorld.CompoundA),
            ["master1"] = ("stationMaster", TestWorld.CompoundA),
        };
        foreach (var (name, (role, scope)) in users)
        {
            await admin.PostJsonAsync("/api/users", new { username = name, password = "a-long-password", role, scopePlaceId = scope, mustChangePassword = false });
        }

        var allowed = new Dictionary<string, Func<string, string, bool>>
        {
            ["staff1"] = (kind, compound) => true,
            // Roster entries here are building heads: a property manager keeps only red stewards.
            ["property1"] = (kind, compound) => compound == TestWorld.CompoundA && kind is "hotlines" or "duty-shifts" or "supplies" or "people",
            ["master1"] = (kind, compound) => compound == TestWorld.CompoundA && kind is "notices" or "activities",
        };
        var failures = new List<string>();
        var tried = 0;
        foreach (var (name, rule) in allowed)
        {
            using var client = await controller.SignInAsync(name, "a-long-password");
            foreach (var kind in ContentKinds)
            {
                foreach (var compound in new[] { TestWorld.CompoundA, TestWorld.CompoundB })
                {
                    var id = $"{name}-{kind}-{compound}";
                    var head = await admin.HeadAsync();
                    var response = await client.SendJsonAsync(HttpMethod.Post, "/api/" + kind, Item(kind, id, compound), ensureSuccess: false);
                    tried++;
                    // A station master's notice is accepted for review (202, pending) rather than published.
                    // A refusal is a problem (its "status" is the number); a moderated edit answers with the text "pending".
                    var ok = response["seq"] is not null || response["status"]?.GetValueKind() == JsonValueKind.String && response["status"]!.GetValue<string>() == "pending";
                    if (ok != rule(kind, compound))
                    {
                        failures.Add($"{name} POST {kind} in {compound}: {(ok ? "allowed" : response["detail"])}");
                    }
                    if (!ok && await admin.HeadAsync() != head)
                    {
                        failures.Add($"{name} POST {kind} in {compound} was refused but changed something");
                    }
                }
            }
            // Structure and accounts are for administrators only.
            foreach (var (path, body) in new (string, object)[]
            {
                ("/api/places", new { id = name + "-b9", kind = "building", name = "9栋", parentId = TestWorld.CompoundA }),
                ("/api/stations", new { id = name + "-s", name = "驿站", placeId = TestWorld.CompoundA }),
                ("/api/kiosks", new { id = name + "-k", name = "屏", stationId = "station-a" }),
                ("/api/users", new { username = name + "x", password = "a-long-password", role = "admin" }),
            })
            {
                using var response = await client.PostAsync(path, System.Net.Http.Json.JsonContent.Create(body));
                tried++;
                if (response.StatusCode != HttpStatusCode.Forbidden)
                {
                    failures.Add($"{name} POST {path}: {(int)response.StatusCode}");
                }
            }
        }

        // A property manager keeps the red stewards (红领管家) on the roster, and only them.
        using (var property = await controller.SignInAsync("property1", "a-long-password"))
        {
            var steward = new { id = "r-steward", personId = "p-a", role = "redSteward", buildingId = TestWorld.BuildingA1, target = new { placeId = TestWorld.CompoundA } };
            Assert.NotNull((await property.PostJsonAsync("/api/roster", steward))["seq"]);
            var promoted = await property.SendJsonAsync(HttpMethod.Put, "/api/roster/r-steward",
                new { personId = "p-a", role = "buildingHead", buildingId = TestWorld.BuildingA1, target = new { placeId = TestWorld.CompoundA } }, ensureSuccess: false);
            Assert.Contains("red stewards", promoted["detail"]!.GetValue<string>());
            await admin.PublishAsync("roster", new { id = "r-head", personId = "p-a", role = "buildingHead", buildingId = "a2", target = new { placeId = TestWorld.CompoundA } });
            var person = await property.SendJsonAsync(HttpMethod.Put, "/api/people/p-a", new { name = "张三改", target = new { placeId = TestWorld.CompoundA } }, ensureSuccess: false);
            Assert.Contains("other than red steward", person["detail"]!.GetValue<string>());
            using var head = await property.DeleteAsync("/api/roster/r-head");
            Assert.Equal(HttpStatusCode.Forbidden, head.StatusCode);
            tried += 4;
        }

        // Nor can anyone reach into another compound by editing or deleting what is already there.
        await admin.PublishAsync("hotlines", Item("hotlines", "h-b", TestWorld.CompoundB));
        using (var property = await controller.SignInAsync("property1", "a-long-password"))
        {
            var head = await admin.HeadAsync();
            var put = await property.SendJsonAsync(HttpMethod.Put, "/api/hotlines/h-b", Item("hotlines", "h-b", TestWorld.CompoundA), ensureSuccess: false);
            using var delete = await property.DeleteAsync("/api/hotlines/h-b");
            tried += 2;
            Assert.Contains("outside your area", put["detail"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
            Assert.Equal(head, await admin.HeadAsync());
            // Reading is scoped too: compound B's hotline is not listed for compound A's property manager.
            Assert.DoesNotContain("h-b", await property.GetStringAsync("/api/hotlines"));
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {tried} checks failed:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task Users_are_validated_and_every_change_is_audited_with_before_and_after()
    {
        await using var controller = ControllerHost.Start("audit");
        using var admin = await controller.AdminAsync();
        await TestWorld.CreateAsync(admin);

        foreach (var (body, message) in new (object, string)[]
        {
            (new { username = "x y", password = "a-long-password", role = "admin" }, "username"),
            (new { username = "short", password = "short", role = "admin" }, "at least 10"),
            (new { username = "pm", password = "a-long-password", role = "propertyManager" }, "needs a scopePlaceId"),
            (new { username = "pm", password = "a-long-password", role = "propertyManager", scopePlaceId = TestWorld.Community }, "scope is a Compound"),
            (new { username = "pm", password = "a-long-password", role = "wizard" }, "role"),
        })
        {
            var refused = await admin.SendJsonAsync(HttpMethod.Post, "/api/users", body, ensureSuccess: false);
            Assert.Contains(message, refused["detail"]!.GetValue<string>());
        }

        await admin.PublishAsync("notices", TestWorld.Notice("n-audit", "第一版", TestWorld.CompoundA));
        await admin.PutJsonAsync("/api/notices/n-audit", TestWorld.Notice("n-audit", "第二版", TestWorld.CompoundB));
        await admin.DeleteAsync("/api/notices/n-audit");

        var entries = JsonNode.Parse(await admin.GetStringAsync("/api/audit?kind=notices&itemId=n-audit"))!["items"]!.AsArray();
        Assert.Equal(["delete", "update", "create"], entries.Select(e => e!["action"]!.GetValue<string>()));
        Assert.All(entries, e => Assert.Equal("admin", e!["actor"]!.GetValue<string>()));
        Assert.All(entries, e => Assert.Equal("127.0.0.1", e!["address"]!.GetValue<string>()));
        Assert.Null(entries[2]!["before"]);
        Assert.Equal("第一版", entries[2]!["after"]!["title"]!.GetValue<string>());
        Assert.Equal("第一版", entries[1]!["before"]!["title"]!.GetValue<string>());
        Assert.Equal("第二版", entries[1]!["after"]!["title"]!.GetValue<string>());
        Assert.Equal("第二版", entries[0]!["before"]!["title"]!.GetValue<string>());
        Assert.Null(entries[0]!["after"]);

        using var kiosk = controller.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await kiosk.GetAsync("/api/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/audit?from=yesterday")).StatusCode);
    }
}
