using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// Staff accounts over their life: a page session and a token belong to the account as it was when they were issued
/// (its id and security stamp), so deleting, recreating, demoting, disabling or resetting it ends them; passwords
/// someone else chose are changed at the first sign-in; every change is audited without the password.
/// </summary>
public sealed class StaffAccountTests
{
    private const string Password = "a-long-password";

    private static async Task<long> CreateUserAsync(HttpClient admin, string username, string role, string? scope, bool mustChangePassword = false) =>
        (await admin.PostJsonAsync("/api/users", new { username, password = Password, role, scopePlaceId = scope, mustChangePassword }))["id"]!.GetValue<long>();

    /// <summary>True when the page session still opens the staff home page; false when it is sent to sign in.</summary>
    private static async Task<bool> SignedInAsync(StaffBrowserClient page, string path = "/admin")
    {
        using var response = await page.GetAsync(path);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            return true;
        }
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/admin/login", response.Headers.Location!.ToString(), StringComparison.OrdinalIgnoreCase);
        return false;
    }

    private static async Task<(HttpStatusCode Status, JsonObject Body)> TokenAsync(ControllerHost controller, string username, string password)
    {
        using var client = controller.Anonymous();
        using var response = await client.PostAsJsonAsync("/api/auth/token", new { username, password });
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    private static async Task<HttpStatusCode> UseTokenAsync(ControllerHost controller, string token, string path = "/api/changes/head")
    {
        using var client = controller.Anonymous();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await client.GetAsync(path);
        return response.StatusCode;
    }

    [Fact]
    public async Task A_deleted_and_recreated_user_s_old_page_session_is_refused()
    {
        // The danger is SQLite reusing a deleted row id (asserted below); PostgreSQL's identity never does, so this runs on SQLite.
        await using var controller = ControllerHost.Start("accounts-recreated", store: StoreProvider.Sqlite);
        using var admin = await controller.AdminAsync();
        await TestWorld.CreateAsync(admin);
        var id = await CreateUserAsync(admin, "chief", "admin", null);
        using var oldSession = new StaffBrowserClient(controller.Url);
        Assert.Equal(HttpStatusCode.Redirect, (await oldSession.SignInAsync("chief", Password)).StatusCode);
        Assert.True(await SignedInAsync(oldSession, "/admin/users"));

        // The name is given to someone else, as a station master. SQLite hands out the same row id again.
        await admin.DeleteAsync($"/api/users/{id}");
        var newId = await CreateUserAsync(admin, "chief", "stationMaster", TestWorld.CompoundA);
        Assert.Equal(id, newId);

        Assert.False(await SignedInAsync(oldSession, "/admin/users"));
        Assert.False(await SignedInAsync(oldSession));
        // The new holder of the name signs in with their own password and their own role.
        using var newSession = new StaffBrowserClient(controller.Url);
        await newSession.SignInAsync("chief", Password);
        using var users = await newSession.GetAsync("/admin/users");
        Assert.Contains("/admin/denied", users.Headers.Location!.ToString());
    }

    [Fact]
    public async Task A_role_change_ends_the_page_session_and_revokes_the_API_token_and_is_audited()
    {
        await using var controller = ControllerHost.Start("accounts-role");
        using var admin = await controller.AdminAsync();
        await TestWorld.CreateAsync(admin);
        var id = await CreateUserAsync(admin, "shequ", "communityStaff", TestWorld.Community);
        using var page = new StaffBrowserClient(controller.Url);
        await page.SignInAsync("shequ", Password);
        var (status, body) = await TokenAsync(controller, "shequ", Password);
        Assert.Equal(HttpStatusCode.OK, status);
        var token = body["token"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, await UseTokenAsync(controller, token));
        Assert.True(await SignedInAsync(page, "/admin/notices"));

        var changed = await admin.PutJsonAsync($"/api/users/{id}", new { role = "propertyManager", scopePlaceId = TestWorld.CompoundA });
        Assert.Equal("propertyManager", changed["role"]!.GetValue<string>(), ignoreCase: true);

        Assert.False(await SignedInAsync(page, "/admin/notices"));
        Assert.Equal(HttpStatusCode.Unauthorized, await UseTokenAsync(controller, token));
        (status, body) = await TokenAsync(controller, "shequ", Password);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("PropertyManager", body["role"]!.GetValue<string>());

        // Unchanged fields change nothing: no new stamp, the new token lives on, no audit entry.
        var newToken = body["token"]!.GetValue<string>();
        await admin.PutJsonAsync($"/api/users/{id}", new { role = "propertyManager", scopePlaceId = TestWorld.CompoundA });
        Assert.Equal(HttpStatusCode.OK, await UseTokenAsync(controller, newToken));

        var entries = JsonNode.Parse(await admin.GetStringAsync("/api/audit?kind=users&itemId=shequ"))!["items"]!.AsArray();
        Assert.Equal(["update", "create"], entries.Select(e => e!["action"]!.GetValue<string>()));
        Assert.Equal("communityStaff", entries[0]!["before"]!["role"]!.GetValue<string>());
        Assert.Equal(TestWorld.Community, entries[0]!["before"]!["scopePlaceId"]!.GetValue<string>());
        Assert.Equal("propertyManager", entries[0]!["after"]!["role"]!.GetValue<string>());
        Assert.Equal(TestWorld.CompoundA, entries[0]!["after"]!["scopePlaceId"]!.GetValue<string>());
        Assert.Equal("admin", entries[0]!["actor"]!.GetValue<string>());
        Assert.DoesNotContain(Password, entries.ToJsonString());
        Assert.DoesNotContain("hash", entries.ToJsonString(), StringComparison.OrdinalIgnoreCase);

        // Refused changes say why and change nothing.
        foreach (var (change, words) in new (object, string)[]
        {
            (new { role = "propertyManager", scopePlaceId = TestWorld.Community }, "scope is a Compound"),
            (new { role = "admin", scopePlaceId = TestWorld.CompoundA }, "no scope"),
            (new { role = "wizard" }, "role"),
            (new { scopePlaceId = TestWorld.CompoundA }, "role"),
        })
        {
            var refused = await admin.SendJsonAsync(HttpMethod.Put, $"/api/users/{id}", change, ensureSuccess: false);
            Assert.Contains(words, refused["detail"]!.GetValue<string>());
        }
        var missing = await admin.SendJsonAsync(HttpMethod.Put, "/api/users/9999", new { role = "admin" }, ensureSuccess: false);
        Assert.Contains("does not exist", missing["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, await UseTokenAsync(controller, newToken));
        Assert.Equal(2, JsonNode.Parse(await admin.GetStringAsync("/api/audit?kind=users&itemId=shequ"))!["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_disabled_user_cannot_sign_in_nor_use_an_old_token_or_session_until_enabled_again()
    {
        await using var controller = ControllerHost.Start("accounts-disabled");
        using var admin = await controller.AdminAsync();
        await TestWorld.CreateAsync(admin);
        var id = await CreateUserAsync(admin, "wuye", "propertyManager", TestWorld.CompoundA);
        using var page = new StaffBrowserClient(controller.Url);
        await page.SignInAsync("wuye", Password);
        var token = (await TokenAsync(controller, "wuye", Password)).Body["token"]!.GetValue<string>();

        var disabled = await admin.PutJsonAsync($"/api/users/{id}", new { role = "propertyManager", scopePlaceId = TestWorld.CompoundA, disabled = true });
        Assert.True(disabled["disabled"]!.GetValue<bool>());

        Assert.False(await SignedInAsync(page));
        Assert.Equal(HttpStatusCode.Unauthorized, await UseTokenAsync(controller, token));
        var (status, body) = await TokenAsync(controller, "wuye", Password);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("已停用", body["detail"]!.GetValue<string>());
        using (var refused = await page.SignInAsync("wuye", Password))
        {
            Assert.Contains("此账号已停用", await refused.Content.ReadAsStringAsync());
        }
        Assert.False(await SignedInAsync(page));
        // A wrong password still says only that it is wrong.
        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(controller, "wuye", "not-the-password")).Status);

        // "disabled" omitted keeps the state; false enables the account again.
        await admin.PutJsonAsync($"/api/users/{id}", new { role = "propertyManager", scopePlaceId = TestWorld.CompoundB });
        Assert.Equal(HttpStatusCode.Forbidden, (await TokenAsync(controller, "wuye", Password)).Status);
        await admin.PutJsonAsync($"/api/users/{id}", new { role = "propertyManager", scopePlaceId = TestWorld.CompoundB, disabled = false });
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(controller, "wuye", Password)).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await page.SignInAsync("wuye", Password)).StatusCode);
        Assert.True(await SignedInAsync(page));
    }

    [Fact]
    public async Task The_last_active_administrator_cannot_be_demoted_or_disabled()
    {
        await using var controller = ControllerHost.Start("accounts-last-admin");
        using var admin = await controller.AdminAsync();
        await TestWorld.CreateAsync(admin);
        var self = JsonNode.Parse(await admin.GetStringAsync("/api/users"))!["items"]!.AsArray().Single(u => u!["username"]!.GetValue<string>() == "admin")!["id"]!.GetValue<long>();

        foreach (var change in new object[] { new { role = "communityStaff", scopePlaceId = TestWorld.Community }, new { role = "admin", disabled = true } })
        {
            var refused = await admin.SendJsonAsync(HttpMethod.Put, $"/api/users/{self}", change, ensureSuccess: false);
            Assert.Contains("至少要保留一个可用的管理员", refused["detail"]!.GetValue<string>());
        }
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/users")).StatusCode);

        // With a second administrator, one may step down; then the other is the last and stays.
        var second = await CreateUserAsync(admin, "admin2", "admin", null);
        await admin.PutJsonAsync($"/api/users/{self}", new { role = "communityStaff", scopePlaceId = TestWorld.Community });
        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.GetAsync("/api/users")).StatusCode);
        using var admin2 = await controller.SignInAsync("admin2", Password);
        var last = await admin2.SendJsonAsync(HttpMethod.Put, $"/api/users/{second}", new { role = "admin", disabled = true }, ensureSuccess: false);
        Assert.Contains("至少要保留一个可用的管理员", last["detail"]!.GetValue<string>());
        await admin2.PutJsonAsync($"/api/users/{self}", new { role = "admin" });
        using var again = await controller.AdminAsync();
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/users")).StatusCode);
    }

    [Fact]
    public async Task A_new_or_reset_password_must_be_changed_before_anything_else_on_the_page_and_the_API()
    {
        await using var controller = ControllerHost.Start("accounts-must-change");
        using var admin = await controller.AdminAsync();
        await TestWorld.CreateAsync(admin);
        // Created without saying otherwise: the password is the administrator's, to be replaced.
        var created = await admin.PostJsonAsync("/api/users", new { username = "zhanzhang", password = Password, role = "stationMaster", scopePlaceId = TestWorld.CompoundA });
        Assert.True(created["mustChangePassword"]!.GetValue<bool>());
        var id = created["id"]!.GetValue<long>();

        var (status, body) = await TokenAsync(controller, "zhanzhang", Password);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("必须先修改密码", body["detail"]!.GetValue<string>());

        using var anonymous = controller.Anonymous();
        using (var wrong = await anonymous.PostAsJsonAsync("/api/auth/password", new { username = "zhanzhang", currentPassword = "not-it-at-all", newPassword = "my-own-password-1" }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        using (var same = await anonymous.PostAsJsonAsync("/api/auth/password", new { username = "zhanzhang", currentPassword = Password, newPassword = Password }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, same.StatusCode);
            Assert.Contains("不能与原密码相同", await same.Content.ReadAsStringAsync());
        }
        using (var shortOne = await anonymous.PostAsJsonAsync("/api/auth/password", new { username = "zhanzhang", currentPassword = Password, newPassword = "short" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, shortOne.StatusCode);
        }
        using (var changed = await anonymous.PostAsJsonAsync("/api/auth/password", new { username = "zhanzhang", currentPassword = Password, newPassword = "my-own-password-1" }))
        {
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        }
        (status, body) = await TokenAsync(controller, "zhanzhang", "my-own-password-1");
        Assert.Equal(HttpStatusCode.OK, status);
        var token = body["token"]!.GetValue<string>();

        // An administrator resets it: the old token dies, and the next sign-in must choose a new one.
        var reset = await admin.PostJsonAsync($"/api/users/{id}/password", new { password = "temporary-pw-22" });
        Assert.True(reset["mustChangePassword"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.Unauthorized, await UseTokenAsync(controller, token));
        Assert.Equal(HttpStatusCode.Forbidden, (await TokenAsync(controller, "zhanzhang", "temporary-pw-22")).Status);

        using var page = new StaffBrowserClient(controller.Url);
        using (var signIn = await page.SignInAsync("zhanzhang", "temporary-pw-22"))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            Assert.StartsWith("/admin/password", signIn.Headers.Location!.OriginalString);
        }
        // Every other page, and every form, leads back to the change-password page.
        foreach (var path in new[] { "/admin", "/admin/notices", "/admin/notices/edit", "/admin/fleet" })
        {
            using var response = await page.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/admin/password", response.Headers.Location!.OriginalString);
        }
        var head = await admin.HeadAsync();
        var formToken = await page.TokenFromAsync("/admin/password");
        using (var post = await page.PostFormAsync("/admin/notices/edit", new()
        {
            ["Title"] = "未改密码发布的通知", ["Priority"] = "Normal", ["Category"] = "General", ["TargetPlaceId"] = TestWorld.CompoundA, ["__RequestVerificationToken"] = formToken,
        }))
        {
            Assert.StartsWith("/admin/password", post.Headers.Location!.OriginalString);
        }
        Assert.Equal(head, await admin.HeadAsync());
        using (var page1 = await page.GetAsync("/admin/password"))
        {
            var html = await page1.Content.ReadAsStringAsync();
            Assert.Contains("data-forced", html);
            Assert.Contains("临时密码", html);
        }
        using (var mismatch = await page.PostFormAsync("/admin/password", new()
        {
            ["CurrentPassword"] = "temporary-pw-22", ["NewPassword"] = "chosen-by-me-33", ["ConfirmPassword"] = "chosen-by-me-34", ["__RequestVerificationToken"] = formToken,
        }))
        {
            Assert.Contains("两次输入的新密码不一致", await mismatch.Content.ReadAsStringAsync());
        }
        using (var done = await page.PostFormAsync("/admin/password", new()
        {
            ["CurrentPassword"] = "temporary-pw-22", ["NewPassword"] = "chosen-by-me-33", ["ConfirmPassword"] = "chosen-by-me-33", ["__RequestVerificationToken"] = formToken,
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        }
        Assert.True(await SignedInAsync(page, "/admin/notices"));
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(controller, "zhanzhang", "chosen-by-me-33")).Status);

        var entries = JsonNode.Parse(await admin.GetStringAsync("/api/audit?kind=users&itemId=zhanzhang"))!["items"]!.AsArray();
        Assert.Equal(["change-password", "reset-password", "change-password", "create"], entries.Select(e => e!["action"]!.GetValue<string>()));
        Assert.Equal("admin", entries[1]!["actor"]!.GetValue<string>());
        Assert.Equal("zhanzhang", entries[0]!["actor"]!.GetValue<string>());
        Assert.True(entries[1]!["after"]!["mustChangePassword"]!.GetValue<bool>());
        Assert.False(entries[0]!["after"]!["mustChangePassword"]!.GetValue<bool>());
        foreach (var secret in new[] { Password, "my-own-password-1", "temporary-pw-22", "chosen-by-me-33" })
        {
            Assert.DoesNotContain(secret, entries.ToJsonString());
        }
    }

    [Fact]
    public async Task The_generated_first_password_must_be_changed_and_its_file_is_then_deleted()
    {
        await using var controller = ControllerHost.Start("accounts-bootstrap", settings: new() { ["Auth:BootstrapAdminPassword"] = "" });
        var file = Path.Combine(controller.DataDirectory, "bootstrap-admin.txt");
        var lines = await File.ReadAllLinesAsync(file);
        Assert.Equal("admin", lines[0]);
        var generated = lines[1];

        var (status, body) = await TokenAsync(controller, "admin", generated);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("必须先修改密码", body["detail"]!.GetValue<string>());

        using var page = new StaffBrowserClient(controller.Url);
        using (var signIn = await page.SignInAsync("admin", generated))
        {
            Assert.StartsWith("/admin/password", signIn.Headers.Location!.OriginalString);
        }
        Assert.True(File.Exists(file));
        using (var done = await page.PostFormAsync("/admin/password", new()
        {
            ["CurrentPassword"] = generated, ["NewPassword"] = "the-admins-own-pw", ["ConfirmPassword"] = "the-admins-own-pw",
            ["__RequestVerificationToken"] = await page.TokenFromAsync("/admin/password"),
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        }
        Assert.False(File.Exists(file));
        Assert.True(await SignedInAsync(page, "/admin/users"));
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(controller, "admin", "the-admins-own-pw")).Status);
    }
}
