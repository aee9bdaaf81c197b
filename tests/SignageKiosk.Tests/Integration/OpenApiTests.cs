using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SignageKiosk.Shared.Content;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

public sealed class OpenApiTests
{
    [Fact]
    public async Task The_REST_API_is_described_by_an_OpenAPI_document()
    {
        await using var controller = ControllerHost.Start("openapi");
        using var anonymous = controller.Anonymous();
        var document = JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json"))!;
        Assert.StartsWith("3.", document["openapi"]!.GetValue<string>());
        Assert.Equal("SignageKiosk controller API", document["info"]!["title"]!.GetValue<string>());
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        foreach (var expected in new[] { "/api/auth/token", "/api/notices", "/api/notices/{id}", "/api/hotlines", "/api/duty-shifts", "/api/roster",
                     "/api/places", "/api/kiosks", "/api/media", "/api/submissions", "/api/audit", "/api/users", "/api/preview/{kioskId}", "/api/print/roster/{buildingId}",
                     "/api/print/notices/{id}", "/api/posters/notices/{id}", "/api/print/duty/{placeId}", "/api/print/overview/{compoundId}",
                     "/api/reports", "/api/reports/export.csv", "/api/reports/{reference}", "/api/reports/{reference}/assign", "/api/reports/{reference}/state",
                     "/api/reports/{reference}/notes", "/api/reports/{reference}/spam" })
        {
            Assert.Contains(expected, paths);
        }
        // The public pages (a notice on a phone, the residents' phone report page) are pages, not API.
        Assert.DoesNotContain(paths, p => p.StartsWith("/n/", StringComparison.Ordinal) || p.StartsWith("/r/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_content_kind_declares_its_body_its_answers_and_an_operation_id()
    {
        await using var controller = ControllerHost.Start("openapi-schemas");
        using var anonymous = controller.Anonymous();
        var document = JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json"))!;
        var paths = document["paths"]!;
        var schemas = document["components"]!["schemas"]!;
        static string? Ref(JsonNode? response, string contentType = "application/json") => response?["content"]?[contentType]?["schema"]?["$ref"]?.GetValue<string>();

        foreach (var (kind, type) in ContentKind.Items)
        {
            var name = type.Name;
            var create = paths["/api/" + kind]!["post"]!;
            Assert.Equal("Create" + name, create["operationId"]!.GetValue<string>());
            Assert.Equal("#/components/schemas/" + name, Ref(create["requestBody"]));
            Assert.Equal("#/components/schemas/PublishedOf" + name, Ref(create["responses"]!["201"]));
            Assert.Equal("#/components/schemas/Submission", Ref(create["responses"]!["202"]));
            foreach (var status in new[] { "400", "401", "403", "409" })
            {
                Assert.Equal("#/components/schemas/ProblemDetails", Ref(create["responses"]![status], "application/problem+json"));
            }
            var update = paths[$"/api/{kind}/{{id}}"]!["put"]!;
            Assert.Equal("Update" + name, update["operationId"]!.GetValue<string>());
            Assert.Equal("#/components/schemas/" + name, Ref(update["requestBody"]));
            Assert.Equal("#/components/schemas/PublishedOf" + name, Ref(update["responses"]!["200"]));
            Assert.Equal("#/components/schemas/ProblemDetails", Ref(update["responses"]!["404"], "application/problem+json"));
            Assert.Equal("#/components/schemas/" + name, Ref(paths[$"/api/{kind}/{{id}}"]!["get"]!["responses"]!["200"]));
            Assert.Equal("#/components/schemas/ListPageOf" + name, Ref(paths["/api/" + kind]!["get"]!["responses"]!["200"]));
            Assert.Equal("#/components/schemas/" + name, schemas["PublishedOf" + name]!["properties"]!["item"]!["$ref"]!.GetValue<string>());

            // The item's schema has exactly the properties the wire carries, named as the wire names them.
            var wire = ContentJson.Options.GetTypeInfo(type).Properties;
            var schema = schemas[name]!;
            Assert.Equal(wire.Select(p => p.Name).Order(), schema["properties"]!.AsObject().Select(p => p.Key).Order());
            // id may be left out on create; what the validators require is required.
            var required = schema["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToList() ?? [];
            Assert.DoesNotContain("id", required);
            Assert.Contains("target", required);
            foreach (var property in wire)
            {
                var enumType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                if (!enumType.IsEnum)
                {
                    continue;
                }
                // Enums as the wire writes them: strings.
                var enumSchema = schemas[enumType.Name]!;
                Assert.Equal("string", enumSchema["type"]!.GetValue<string>());
                Assert.Equal(Enum.GetValues(enumType).Cast<object>().Select(v => JsonSerializer.Serialize(v, enumType, ContentJson.Options).Trim('"')).Order(),
                    enumSchema["enum"]!.AsArray().Select(v => v!.GetValue<string>()).Order());
            }
        }
        Assert.Contains("title", schemas["Notice"]!["required"]!.AsArray().Select(r => r!.GetValue<string>()));

        var token = paths["/api/auth/token"]!["post"]!;
        Assert.Equal("CreateToken", token["operationId"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/TokenRequest", Ref(token["requestBody"]));
        Assert.Equal(["password", "username"], schemas["TokenRequest"]!["required"]!.AsArray().Select(r => r!.GetValue<string>()).Order());
        Assert.Equal("#/components/schemas/TokenResponse", Ref(token["responses"]!["200"]));
        Assert.Contains("token", schemas["TokenResponse"]!["required"]!.AsArray().Select(r => r!.GetValue<string>()));

        // Operation ids name the generated client's functions: each one once.
        var ids = paths.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => o.Value!["operationId"]?.GetValue<string>())).OfType<string>().ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    /// <summary>
    /// A generated client can only send what the document declares: every operation that reads a body says so, with its
    /// content types, a typed answer and its 400 problem — and none declares a body it does not read. Every API operation
    /// has an operation id.
    /// Whether an operation reads its body is asked of the running controller: a text/plain body is refused with 415 only
    /// by an endpoint that reads it (as staff or as a kiosk, whichever may call it).
    /// </summary>
    [Fact]
    public async Task An_operation_declares_a_request_body_exactly_when_it_reads_one()
    {
        await using var controller = ControllerHost.Start("openapi-bodies");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        using var kiosk = controller.Anonymous();
        kiosk.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", world.Credentials["kiosk-a"]);
        var document = JsonNode.Parse(await admin.GetStringAsync("/openapi/v1.json"))!;

        var reading = new List<string>();
        var failures = new List<string>();
        foreach (var (template, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, node) in item!.AsObject())
            {
                var operation = node!;
                if (operation["operationId"] is null && (template.StartsWith("/api/", StringComparison.Ordinal) || method is not "get"))
                {
                    // Every API operation is a function of the generated client, named the same from one version to the next.
                    failures.Add($"{method.ToUpperInvariant()} {template} has no operation id (WithName)");
                }
                if (method is not ("post" or "put" or "patch"))
                {
                    continue;
                }
                // Ids that match nothing (no change is made), but of the right type for the route, and the kiosk's own id
                // where a kiosk may name only itself.
                var path = System.Text.RegularExpressions.Regex.Replace(template, "\\{([^}]+)\\}", m =>
                {
                    var parameter = operation["parameters"]?.AsArray().FirstOrDefault(p => p!["name"]!.GetValue<string>() == m.Groups[1].Value);
                    return m.Groups[1].Value == "kioskId" ? world.KioskA
                        : parameter?["schema"]?["type"]?.ToJsonString().Contains("integer", StringComparison.Ordinal) == true ? "0" : "no-such-id";
                });
                var reads = false;
                foreach (var caller in new[] { admin, kiosk })
                {
                    using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), path) { Content = new StringContent("x", Encoding.UTF8, "text/plain") };
                    using var response = await caller.SendAsync(request);
                    reads |= response.StatusCode == HttpStatusCode.UnsupportedMediaType;
                }
                var name = $"{method.ToUpperInvariant()} {template}";
                var body = operation["requestBody"]?["content"]?.AsObject();
                if (reads != body is not null)
                {
                    failures.Add(reads ? $"{name} reads a body but does not declare one (JsonBody or FileBody)" : $"{name} declares a body it does not read");
                }
                if (!reads)
                {
                    continue;
                }
                reading.Add(name);
                var responses = operation["responses"]!.AsObject();
                var success = responses.Where(r => r.Key.StartsWith('2')).ToList();
                if (success.Count == 0 || success.Any(r => r.Key != "204" && r.Value!["content"] is null))
                {
                    failures.Add($"{name} does not declare what it answers (Produces)");
                }
                if (responses["400"]?["content"]?["application/problem+json"] is null)
                {
                    failures.Add($"{name} does not declare its 400 problem (ProducesProblem)");
                }
            }
        }
        // The probe must find the body readers, or this test would pass by finding none.
        foreach (var expected in new[] { "POST /api/notices", "POST /api/places", "PUT /api/kiosks/{id}", "POST /api/users", "POST /api/media",
                     "POST /api/import/{kind}/preview", "POST /api/reports/{reference}/state", "PUT /api/fleet/{kioskId}/screenshot", "POST /api/pairing/claim" })
        {
            Assert.Contains(expected, reading);
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        // Uploads say which types they take; the JSON bodies name their schema.
        var paths = document["paths"]!;
        Assert.Contains("image/png", paths["/api/media"]!["post"]!["requestBody"]!["content"]!.AsObject().Select(c => c.Key));
        Assert.Equal("binary", paths["/api/media"]!["post"]!["requestBody"]!["content"]!["image/png"]!["schema"]!["format"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/Place", paths["/api/places"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/PublishedOfPlace", paths["/api/places"]!["post"]!["responses"]!["201"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        Assert.Equal("CreateUser", paths["/api/users"]!["post"]!["operationId"]!.GetValue<string>());
        Assert.False(paths["/api/submissions/{id}/reject"]!["post"]!["requestBody"]!["required"]?.GetValue<bool>() ?? false);
    }

    [Fact]
    public async Task Every_API_read_declares_what_its_answer_carries()
    {
        await using var controller = ControllerHost.Start("openapi-reads");
        using var anonymous = controller.Anonymous();
        var document = JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json"))!;
        // A generated client needs the type (JSON) or the media types (files) of every 200; "200 OK" alone tells it nothing.
        var silent = document["paths"]!.AsObject()
            .Where(p => p.Key.StartsWith("/api/", StringComparison.Ordinal) && p.Value!["get"] is not null)
            .Where(p => p.Value!["get"]!["responses"]!["200"]?["content"]?.AsObject().Count is null or 0)
            .Select(p => "GET " + p.Key)
            .ToList();
        Assert.True(silent.Count == 0, "no answer declared:\n" + string.Join("\n", silent));
        var media = document["paths"]!["/api/media/{sha256}"]!["get"]!["responses"]!["200"]!["content"]!.AsObject().Select(c => c.Key).ToList();
        Assert.Contains("image/jpeg", media);
    }
}
