using System.Text.Json.Nodes;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

[Collection(ClusterCollection.Name)]
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
}
