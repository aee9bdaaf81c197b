using System.Net;
using System.Text.Json.Nodes;
using SignageKiosk.Tests.Support;
using Xunit.Abstractions;

namespace SignageKiosk.Tests.EndToEnd;

/// <summary>
/// Every staff page against every role: who may open it, and that every form a role may not use is refused
/// (403 page) and changes nothing; every form without an antiforgery token is refused outright.
/// </summary>
public sealed class PageAuthorizationTests(ITestOutputHelper output)
{
    private static readonly string[] Roles = ["admin", "staff", "property", "master"];

    /// <summary>Page → the roles that may open it.</summary>
    private static readonly (string Path, string[] Allowed)[] Pages =
    [
        ("/admin", Roles),
        ("/admin/notices", ["admin", "staff", "master"]),
        ("/admin/notices/edit", ["admin", "staff", "master"]),
        ("/admin/review", ["admin", "staff"]),
        ("/admin/hotlines", ["admin", "staff", "property"]),
        ("/admin/duty", ["admin", "staff", "property"]),
        ("/admin/roster", ["admin", "staff", "property"]),
        ("/admin/activities", ["admin", "staff", "master"]),
        ("/admin/activities/edit", ["admin", "staff", "master"]),
        ("/admin/supplies", ["admin", "staff", "property"]),
        ("/admin/import", Roles),
        ("/admin/fleet", Roles),
        ("/admin/preview", Roles),
        ("/admin/proof", Roles),
        ("/admin/reports", Roles),
        ("/admin/places", ["admin"]),
        ("/admin/users", ["admin"]),
        ("/admin/audit", ["admin"]),
        ("/admin/updates", ["admin"]),
        ("/admin/broadcasts", ["admin", "staff"]),
        ("/admin/holidays", ["admin", "staff"]),
        ("/admin/wishes", ["admin", "staff"]),
        ("/admin/password", Roles),
    ];

    /// <summary>Form posts that would change something, and the roles that may make them.</summary>
    private static readonly (string Path, Dictionary<string, string> Fields, string[] Allowed)[] Posts =
    [
        ("/admin/notices/edit", new() { ["Title"] = "越权通知", ["Priority"] = "Normal", ["Category"] = "General", ["TargetPlaceId"] = "compound-dangui" }, ["admin", "staff", "master"]),
        ("/admin/notices?handler=Delete&id=n-water-outage", new(), ["admin", "staff"]),
        ("/admin/hotlines?handler=Add", new() { ["Name"] = "越权热线", ["Number"] = "110", ["Category"] = "Public", ["TargetPlaceId"] = "compound-dangui" }, ["admin", "staff", "property"]),
        ("/admin/duty", new() { ["Date"] = "2026-11-30", ["StartTime"] = "08:00", ["EndTime"] = "18:00", ["PersonName"] = "越权", ["Role"] = "值班", ["TargetPlaceId"] = "compound-dangui" }, ["admin", "staff", "property"]),
        ("/admin/activities/edit", new() { ["Title"] = "越权活动", ["TargetPlaceId"] = "compound-dangui" }, ["admin", "staff", "master"]),
        ("/admin/supplies", new() { ["Category"] = "越权", ["Item"] = "越权", ["Quantity"] = "1", ["TargetPlaceId"] = "compound-dangui" }, ["admin", "staff", "property"]),
        // A volunteer, not a red steward: the property manager may open the page but not write this.
        ("/admin/roster", new() { ["Building"] = "b3", ["Role"] = "Volunteer", ["Name"] = "越权", ["Party"] = "None" }, ["admin", "staff"]),
        ("/admin/review?handler=Approve&id=1", new(), ["admin", "staff"]),
        ("/admin/places?handler=AddPlace", new() { ["ParentId"] = "compound-dangui", ["PlaceName"] = "越权栋", ["PlaceId"] = "b-x" }, ["admin"]),
        ("/admin/users", new() { ["NewUsername"] = "sneaky", ["NewPassword"] = "a-long-password", ["NewRole"] = "Admin" }, ["admin"]),
        // Users 2-4 are staff, property and master: nobody but an administrator edits or resets them.
        ("/admin/users?handler=Update&id=2", new() { ["EditRole"] = "Admin", ["EditScope"] = "" }, ["admin"]),
        ("/admin/users?handler=Update&id=3", new() { ["EditRole"] = "PropertyManager", ["EditScope"] = "compound-dangui", ["EditDisabled"] = "true" }, ["admin"]),
        ("/admin/users?handler=ResetPassword&id=4", new() { ["ResetTo"] = "taken-over-pw-1" }, ["admin"]),
        ("/admin/users?handler=Delete&id=4", new(), ["admin"]),
        // Everyone changes their own password, and only with the form's token.
        ("/admin/password", new() { ["CurrentPassword"] = "a-long-password", ["NewPassword"] = "forged-password-1", ["ConfirmPassword"] = "forged-password-1" }, Roles),
        ("/admin/broadcasts", new() { ["Title"] = "越权紧急通知", ["Minutes"] = "30", ["TargetPlaceId"] = "compound-dangui" }, ["admin", "staff"]),
        ("/admin/broadcasts?handler=Clear&id=none", new(), ["admin", "staff"]),
        ("/admin/holidays", new() { ["Date"] = "2026-10-01", ["Name"] = "越权节日", ["TargetPlaceId"] = "community-xingfuli" }, ["admin", "staff"]),
        ("/admin/holidays?handler=Delete&id=none", new(), ["admin", "staff"]),
        ("/admin/wishes", new() { ["Title"] = "越权心愿", ["Category"] = "Groceries", ["TargetPlaceId"] = "compound-dangui" }, ["admin", "staff"]),
        ("/admin/wishes?handler=Fulfil&id=none", new(), ["admin", "staff"]),
        ("/admin/wishes?handler=Withdraw&id=none", new(), ["admin", "staff"]),
        ("/admin/wishes?handler=Confirm&claimId=1", new() { ["partyConfirmed"] = "true" }, ["admin", "staff"]),
        ("/admin/supplies?handler=Delete&id=none", new(), ["admin", "staff", "property"]),
        ("/admin/hotlines?handler=Delete&id=none", new(), ["admin", "staff", "property"]),
        ("/admin/activities?handler=Delete&id=none", new(), ["admin", "staff", "master"]),
        ("/admin/fleet?handler=Pair", new() { ["Code"] = "ABCDEF", ["KioskId"] = "k-x", ["KioskName"] = "x", ["StationId"] = "station-dangui" }, ["admin"]),
    ];

    private static bool Denied(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Forbidden
        || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.ToString().Contains("/admin/denied", StringComparison.OrdinalIgnoreCase));

    [Fact]
    public async Task Every_page_and_form_is_open_only_to_the_roles_it_is_for()
    {
        await using var controller = ControllerHost.Start("page-authz", demo: true);
        using var admin = await controller.AdminAsync();
        foreach (var (name, role, scope) in new[] { ("staff", "communityStaff", "community-xingfuli"), ("property", "propertyManager", "compound-dangui"), ("master", "stationMaster", "compound-dangui") })
        {
            await admin.PostJsonAsync("/api/users", new { username = name, password = "a-long-password", role, scopePlaceId = scope, mustChangePassword = false });
        }
        var clients = new Dictionary<string, StaffBrowserClient>();
        foreach (var role in Roles)
        {
            clients[role] = new StaffBrowserClient(controller.Url);
            await clients[role].SignInAsync(role, role == "admin" ? ControllerHost.AdminPassword : "a-long-password");
        }
        var failures = new List<string>();
        var checks = 0;
        try
        {
            using var anonymous = new StaffBrowserClient(controller.Url);
            foreach (var (path, allowed) in Pages)
            {
                using var response = await anonymous.GetAsync(path);
                checks++;
                if (response.StatusCode != HttpStatusCode.Redirect || !response.Headers.Location!.ToString().Contains("/admin/login", StringComparison.OrdinalIgnoreCase))
                {
                    failures.Add($"anonymous GET {path}: {(int)response.StatusCode}");
                }
                foreach (var role in Roles)
                {
                    using var page = await clients[role].GetAsync(path);
                    checks++;
                    var ok = page.StatusCode == HttpStatusCode.OK;
                    if (ok != allowed.Contains(role) || (!ok && !Denied(page)))
                    {
                        failures.Add($"{role} GET {path}: {(int)page.StatusCode} {page.Headers.Location}");
                    }
                }
            }

            foreach (var (path, fields, allowed) in Posts)
            {
                foreach (var role in Roles.Where(r => !allowed.Contains(r)))
                {
                    var head = await admin.HeadAsync();
                    var users = (await admin.GetStringAsync("/api/users")).Length;
                    var places = (await admin.GetStringAsync("/api/places")).Length;
                    var withToken = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = await clients[role].TokenFromAsync("/admin") };
                    using var response = await clients[role].PostFormAsync(path, withToken);
                    checks++;
                    if (!Denied(response))
                    {
                        failures.Add($"{role} POST {path}: {(int)response.StatusCode} {response.Headers.Location}");
                    }
                    if (await admin.HeadAsync() != head || (await admin.GetStringAsync("/api/users")).Length != users || (await admin.GetStringAsync("/api/places")).Length != places)
                    {
                        failures.Add($"{role} POST {path} was refused but changed something");
                    }
                }
                // Whoever posts it, a form without its antiforgery token is rejected before it is read.
                var before = await admin.HeadAsync();
                using var forged = await clients[allowed[0]].PostFormAsync(path, fields);
                checks++;
                if (forged.StatusCode != HttpStatusCode.BadRequest || await admin.HeadAsync() != before)
                {
                    failures.Add($"{allowed[0]} POST {path} without a token: {(int)forged.StatusCode}");
                }
            }
        }
        finally
        {
            foreach (var client in clients.Values)
            {
                client.Dispose();
            }
        }
        output.WriteLine($"{checks} page and form checks");
        Assert.True(failures.Count == 0, $"{failures.Count} of {checks} checks failed:\n" + string.Join("\n", failures));
    }
}
