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
}
