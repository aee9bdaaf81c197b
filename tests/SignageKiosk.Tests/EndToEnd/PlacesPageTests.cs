using System.Net.Http.Json;
using System.Net;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.EndToEnd;

/// <summary>The administrators' page for places, stations and screens, over plain HTTP with cookies and antiforgery.</summary>
public sealed class PlacesPageTests
{
    [Fact]
    public async Task Administrators_add_a_building_switch_a_station_s_layout_and_revoke_a_screen()
    {
        await using var controller = ControllerHost.Start("places-page", demo: true);
        using var admin = await controller.AdminAsync();
        await using var kiosk = await KioskProcess.StartAsync("places-page", controller.Url, controller.DemoKioskCredential("kiosk-lobby"));
        await kiosk.WaitForSeqAsync(await admin.HeadAsync());
        using var staff = new StaffBrowserClient(controller.Url);
        await staff.SignInAsync("admin", ControllerHost.AdminPassword);

        var token = await staff.TokenFromAsync("/admin/places");
        using (var added = await staff.PostFormAsync("/admin/places?handler=AddPlace", new()
        {
            ["ParentId"] = "compound-dangui", ["PlaceName"] = "7栋", ["PlaceId"] = "b7", ["__RequestVerificationToken"] = token,
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        }
        Assert.Equal("building", (await admin.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/api/places/b7"))!["kind"]!.GetValue<string>());
        await kiosk.WaitForBoardAsync(b => b.Contains("data-building=\"b7\""), "the new building on the board's roster map");

        token = await staff.TokenFromAsync("/admin/places");
        using (var saved = await staff.PostFormAsync("/admin/places?handler=SaveStation", new()
        {
            ["StationId"] = "station-dangui", ["StationName"] = "丹桂苑红色驿站", ["Layout"] = "portrait", ["TimeZone"] = "Asia/Shanghai", ["__RequestVerificationToken"] = token,
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }
        await kiosk.WaitForBoardAsync(b => b.Contains("data-layout=\"portrait\""), "the station's new layout on its screen");

        token = await staff.TokenFromAsync("/admin/places");
        using (var bad = await staff.PostFormAsync("/admin/places?handler=SaveStation", new()
        {
            ["StationId"] = "station-dangui", ["StationName"] = "丹桂苑红色驿站", ["Layout"] = "portrait", ["TimeZone"] = "Mars/Base", ["__RequestVerificationToken"] = token,
        }))
        {
            Assert.Contains("unknown time zone", await bad.Content.ReadAsStringAsync());
        }

        token = await staff.TokenFromAsync("/admin/places");
        using (var revoked = await staff.PostFormAsync("/admin/places?handler=Revoke&id=kiosk-lobby", new() { ["__RequestVerificationToken"] = token }))
        {
            Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        }
        await Eventually.Until(kiosk.HealthAsync, h => !h["connected"]!.GetValue<bool>(), "the revoked screen to be cut off");

        await admin.PostJsonAsync("/api/users", new { username = "places-staff", password = "a-long-password", role = "communityStaff", scopePlaceId = "community-xingfuli", mustChangePassword = false });
        using var other = new StaffBrowserClient(controller.Url);
        await other.SignInAsync("places-staff", "a-long-password");
        using var denied = await other.GetAsync("/admin/places");
        Assert.Contains("/admin/denied", denied.Headers.Location!.ToString());
    }
}
