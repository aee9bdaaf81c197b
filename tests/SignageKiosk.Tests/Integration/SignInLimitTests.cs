using System.Net;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

[Collection(ClusterCollection.Name)]
public sealed class SignInLimitTests
{
    [Fact]
    public async Task Sign_in_is_rate_limited_per_address_on_the_page_and_the_token_endpoint()
    {
        await using var controller = ControllerHost.Start("signin-limit", settings: new() { ["Auth:SignInPermitsPerMinute"] = "3" });
        using var staff = new StaffBrowserClient(controller.Url);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await staff.SignInAsync("admin", "guess-" + i);
            statuses.Add(response.StatusCode);
        }
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);

        using var api = controller.Anonymous();
        var tokenStatuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await api.PostAsync("/api/auth/token", System.Net.Http.Json.JsonContent.Create(new { username = "admin", password = "guess" }));
            tokenStatuses.Add(response.StatusCode);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, tokenStatuses[0]);
        Assert.Equal(HttpStatusCode.TooManyRequests, tokenStatuses[^1]);
    }
}
