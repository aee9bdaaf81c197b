using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// Password guessing has one budget per client address and one per username, spent alike by the sign-in page (in
/// any spelling of its path), the token endpoint and the password change endpoint.
/// </summary>
public sealed class SignInLimitTests
{
    /// <summary>An API client whose connections come from another loopback address (127.0.0.x), as another machine's would.</summary>
    private static HttpClient From(string address, string baseUrl) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    { BaseAddress = new Uri(baseUrl) };

    private static async Task<HttpStatusCode> TokenAsync(HttpClient client, string username, string password)
    {
        using var response = await client.PostAsJsonAsync("/api/auth/token", new { username, password });
        return response.StatusCode;
    }

    private static async Task<HttpStatusCode> PagePostAsync(StaffBrowserClient page, string path, string username)
    {
        var token = await page.TokenFromAsync("/admin/login");
        using var response = await page.PostFormAsync(path, new() { ["username"] = username, ["password"] = "guess", ["__RequestVerificationToken"] = token });
        return response.StatusCode;
    }

    [Fact]
    public async Task The_page_in_any_spelling_and_the_token_endpoint_share_one_budget_per_address()
    {
        await using var controller = ControllerHost.Start("signin-limit", settings: new() { ["Auth:SignInPermitsPerMinute"] = "4" });
        using var staff = new StaffBrowserClient(controller.Url);
        using var api = controller.Anonymous();
        // Four guesses at four different names through four doors: the address's budget is spent.
        Assert.Equal(HttpStatusCode.OK, await PagePostAsync(staff, "/admin/login/", "wang"));
        Assert.Equal(HttpStatusCode.OK, await PagePostAsync(staff, "/ADMIN/Login", "li"));
        Assert.Equal(HttpStatusCode.Unauthorized, await TokenAsync(api, "zhang", "guess"));
        Assert.Equal(HttpStatusCode.OK, await PagePostAsync(staff, "/admin/login", "zhao"));

        Assert.Equal(HttpStatusCode.TooManyRequests, await PagePostAsync(staff, "/admin/login", "chen"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await PagePostAsync(staff, "/admin/login/", "chen"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await PagePostAsync(staff, "/Admin/LOGIN/", "chen"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await TokenAsync(api, "admin", ControllerHost.AdminPassword));
        using (var anon = controller.Anonymous())
        using (var change = await anon.PostAsJsonAsync("/api/auth/password", new { username = "admin", currentPassword = "guess", newPassword = "another-password" }))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, change.StatusCode);
            Assert.Contains("请一分钟后再试", await change.Content.ReadAsStringAsync());
            Assert.True(change.Headers.RetryAfter is not null);
        }
        using var refused = await staff.SignInAsync("chen", "guess");
        Assert.Contains("登录尝试过于频繁", await refused.Content.ReadAsStringAsync());

        // Another address still has its own budget for names nobody has guessed at.
        using var elsewhere = From("127.0.0.2", controller.Url);
        Assert.Equal(HttpStatusCode.OK, await TokenAsync(elsewhere, "admin", ControllerHost.AdminPassword));
    }

    [Fact]
    public async Task Guesses_at_one_username_from_many_addresses_share_that_username_s_budget()
    {
        await using var controller = ControllerHost.Start("signin-limit-user", settings: new() { ["Auth:SignInPermitsPerMinute"] = "3" });
        using var first = From("127.0.0.3", controller.Url);
        using var second = From("127.0.0.4", controller.Url);
        using var page = new StaffBrowserClient(controller.Url);
        Assert.Equal(HttpStatusCode.Unauthorized, await TokenAsync(first, "admin", "guess-1"));
        Assert.Equal(HttpStatusCode.Unauthorized, await TokenAsync(second, "Admin", "guess-2"));
        Assert.Equal(HttpStatusCode.OK, await PagePostAsync(page, "/admin/login/", " ADMIN "));

        // The name's budget is spent, whoever asks and however it is written; other names are not affected.
        Assert.Equal(HttpStatusCode.TooManyRequests, await TokenAsync(first, "admin", ControllerHost.AdminPassword));
        using var third = From("127.0.0.5", controller.Url);
        Assert.Equal(HttpStatusCode.TooManyRequests, await TokenAsync(third, "ａｄｍｉｎ", "guess-3"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await PagePostAsync(page, "/admin/login", "admin"));
        Assert.Equal(HttpStatusCode.Unauthorized, await TokenAsync(third, "someone-else", "guess"));
    }
}
