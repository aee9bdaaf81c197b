using System.Net;
using System.Text.RegularExpressions;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// Holidays and one-off changes published through the REST API reach real kiosk processes and change
/// what their boards show: the community's holiday pauses a weekly activity (one held on holidays goes
/// on), another community's does not, and a change for one date wins over the series.
/// </summary>
public sealed class HolidayBoardTests
{
    private const string Password = "a-long-password";

    /// <summary>A weekly activity whose occurrence today runs all day (so the test does not depend on the hour), first held two weeks ago.</summary>
    private static object Weekly(string id, string title, DateTime today, bool heldOnHolidays, object[]? changes = null) => new
    {
        id, title, room = "书画室", heldOnHolidays,
        start = today.AddDays(-14).ToString("yyyy-MM-ddTHH:mm:ss"), end = today.AddDays(-13).ToString("yyyy-MM-ddTHH:mm:ss"),
        recurrence = new { frequency = "weekly", changes = changes ?? [] },
        target = new { placeId = TestWorld.CompoundA },
    };

    private static bool Shows(string board, string activityId) => board.Contains($"data-activity-id=\"{activityId}\"");

    [Fact]
    public async Task The_communitys_holiday_pauses_a_weekly_activity_on_its_kiosks_and_another_communitys_does_not()
    {
        await using var controller = ControllerHost.Start("holiday");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await admin.PostJsonAsync("/api/places", new { id = "c2", kind = "community", name = "和平里社区", parentId = "street" });
        await admin.PostJsonAsync("/api/users", new { username = "shequ", password = Password, role = "communityStaff", scopePlaceId = TestWorld.Community, mustChangePassword = false });
        await admin.PostJsonAsync("/api/users", new { username = "wuye", password = Password, role = "propertyManager", scopePlaceId = TestWorld.CompoundA, mustChangePassword = false });
        using var staff = await controller.SignInAsync("shequ", Password);
        using var property = await controller.SignInAsync("wuye", Password);

        var today = ShanghaiDay.Today();
        var date = today.ToString("yyyy-MM-dd");
        await staff.PublishAsync("activities", Weekly("calligraphy", "书法班", today, heldOnHolidays: false));
        var seq = await staff.PublishAsync("activities", Weekly("duty-desk", "节日值守服务台", today, heldOnHolidays: true));
        await using var kiosk = await KioskProcess.StartAsync("holiday-a", controller.Url, world.Credentials["kiosk-a"]);
        await kiosk.WaitForSeqAsync(seq);
        var board = await kiosk.BoardAsync();
        Assert.True(Shows(board, "calligraphy") && Shows(board, "duty-desk"), "both weekly activities are on the board today");
        Assert.DoesNotContain("class=\"holiday\"", board);

        // Another community's holiday: published, but not for this kiosk's places.
        await admin.PublishAsync("holidays", new { id = "h-c2", date, name = "和平里社区日", target = new { placeId = "c2" } });
        // The kiosk is never sent it; a later change that it is sent shows the holiday's moment has passed.
        await kiosk.WaitForSeqAsync(await admin.PublishAsync("notices", TestWorld.Notice("n-after", "停水通知", TestWorld.CompoundA)));
        board = await kiosk.BoardAsync();
        Assert.True(Shows(board, "calligraphy"), "another community's holiday pauses nothing here");
        Assert.DoesNotContain("和平里社区日", board);

        // Community staff mark today in their community; property managers may not, nor may anyone outside their area.
        var refused = await property.SendJsonAsync(HttpMethod.Post, "/api/holidays", new { id = "h-x", date, name = "国庆节", target = new { placeId = TestWorld.Community } }, ensureSuccess: false);
        Assert.Null(refused["seq"]);
        using (var outside = await staff.PostAsync("/api/holidays", System.Net.Http.Json.JsonContent.Create(new { id = "h-y", date, name = "国庆节", target = new { placeId = "c2" } })))
        {
            Assert.Equal(HttpStatusCode.Forbidden, outside.StatusCode);
        }
        var bad = await staff.SendJsonAsync(HttpMethod.Post, "/api/holidays", new { id = "h-z", date, name = "", target = new { placeId = TestWorld.Community } }, ensureSuccess: false);
        Assert.Equal("name", bad["field"]?.GetValue<string>());
        seq = await staff.PublishAsync("holidays", new { id = "h-guoqing", date, name = "国庆节", target = new { placeId = TestWorld.Community } });

        board = await kiosk.WaitForBoardAsync(b => !Shows(b, "calligraphy"), "the weekly activity paused for the holiday");
        Assert.True(Shows(board, "duty-desk"), "the activity held on holidays goes on");
        Assert.Contains("<span class=\"holiday\" data-holiday-id=\"h-guoqing\">国庆节</span>", board);
        Assert.Contains("国庆节", await staff.GetStringAsync("/api/holidays"));

        // A kiosk that starts now gets the holiday in its first snapshot.
        await using (var lobby = await KioskProcess.StartAsync("holiday-a1", controller.Url, world.Credentials["kiosk-a1"]))
        {
            await lobby.WaitForSeqAsync(seq);
            var lobbyBoard = await lobby.BoardAsync();
            Assert.Contains("国庆节", lobbyBoard);
            Assert.False(Shows(lobbyBoard, "calligraphy"), "the lobby kiosk pauses it too");
        }

        // Unmarking the day brings the series back.
        using (var deleted = await staff.DeleteAsync("/api/holidays/h-guoqing"))
        {
            deleted.EnsureSuccessStatusCode();
        }
        board = await kiosk.WaitForBoardAsync(b => Shows(b, "calligraphy"), "the weekly activity back once the holiday is deleted");
        Assert.DoesNotContain("国庆节", board);
    }

    [Fact]
    public async Task A_one_off_change_published_through_the_API_wins_over_the_series_on_the_board()
    {
        await using var controller = ControllerHost.Start("oneoff");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        var today = ShanghaiDay.Today();
        var date = today.ToString("yyyy-MM-dd");
        await admin.PublishAsync("activities", Weekly("calligraphy", "书法班", today, heldOnHolidays: false));
        await using var kiosk = await KioskProcess.StartAsync("oneoff", controller.Url, world.Credentials["kiosk-a"]);
        await kiosk.WaitForBoardAsync(b => Shows(b, "calligraphy"), "the weekly activity");

        // A change keyed by a date the series does not hold is refused in words, and nothing changes.
        var head = await admin.HeadAsync();
        var refused = await admin.SendJsonAsync(HttpMethod.Put, "/api/activities/calligraphy",
            Weekly("calligraphy", "书法班", today, false, [new { date = today.AddDays(1).ToString("yyyy-MM-dd"), room = "居民议事厅" }]), ensureSuccess: false);
        Assert.Equal("recurrence.changes", refused["field"]?.GetValue<string>());
        Assert.Equal(head, await admin.HeadAsync());

        await admin.PutJsonAsync("/api/activities/calligraphy", Weekly("calligraphy", "书法班", today, false, [new { date, room = "居民议事厅" }]));
        var board = await kiosk.WaitForBoardAsync(b => b.Contains("居民议事厅"), "today's new room");
        Assert.DoesNotContain("书画室", board);

        await admin.PutJsonAsync("/api/activities/calligraphy", Weekly("calligraphy", "书法班", today, false, [new { date, cancelled = true, note = "老师生病，本次停课" }]));
        board = await kiosk.WaitForBoardAsync(b => b.Contains("老师生病，本次停课"), "today's cancellation");
        Assert.Matches(new Regex("class=\"activity cancelled\" data-activity-id=\"calligraphy\" data-series-date=\"" + date + "\"><div class=\"when\"><span class=\"tag\">已取消</span>"), board);
        Assert.DoesNotContain("进行中", board);
    }
}
