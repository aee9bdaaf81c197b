using System.Net;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>A station master's notices reach the boards only after a community staff member approves them.</summary>
public sealed class ModerationTests
{
    [Fact]
    public async Task A_station_master_s_notice_and_later_edit_wait_for_approval()
    {
        await using var controller = ControllerHost.Start("moderation");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await admin.PostJsonAsync("/api/users", new { username = "zhanzhang", password = "a-long-password", role = "stationMaster", scopePlaceId = TestWorld.CompoundA, mustChangePassword = false });
        await admin.PostJsonAsync("/api/users", new { username = "shequ", password = "a-long-password", role = "communityStaff", scopePlaceId = TestWorld.Community, mustChangePassword = false });
        using var master = await controller.SignInAsync("zhanzhang", "a-long-password");
        using var staff = await controller.SignInAsync("shequ", "a-long-password");
        await using var kiosk = await KioskProcess.StartAsync("moderation", controller.Url, world.Credentials["kiosk-a"]);
        await kiosk.WaitForSeqAsync(await admin.HeadAsync());

        await staff.PublishAsync("notices", TestWorld.Notice("n-staff-early", "社区的紧急通知", TestWorld.CompoundA, "urgent"));
        var head = await admin.HeadAsync();
        var submitted = await master.SendJsonAsync(HttpMethod.Post, "/api/notices", TestWorld.Notice("n-sm", "驿站周末开放时间调整", TestWorld.CompoundA));
        Assert.Equal("pending", submitted["status"]!.GetValue<string>());
        var id = submitted["id"]!.GetValue<long>();
        Assert.Equal(head, await admin.HeadAsync());
        await Task.Delay(500);
        Assert.DoesNotContain("驿站周末开放时间调整", await kiosk.BoardAsync());

        // The author cannot approve, nor can anyone outside the reviewer roles.
        var self = await master.SendJsonAsync(HttpMethod.Post, $"/api/submissions/{id}/approve", new { }, ensureSuccess: false);
        Assert.Contains("community staff", self["detail"]!.GetValue<string>());
        Assert.Contains($"\"id\":{id}", await staff.GetStringAsync("/api/submissions?status=pending"));

        var approved = await staff.SendJsonAsync(HttpMethod.Post, $"/api/submissions/{id}/approve", new { });
        Assert.Equal("approved", approved["status"]!.GetValue<string>());
        await kiosk.WaitForBoardAsync(b => b.Contains("驿站周末开放时间调整"), "the approved notice on the board");
        var twice = await staff.SendJsonAsync(HttpMethod.Post, $"/api/submissions/{id}/approve", new { }, ensureSuccess: false);
        Assert.Contains("already approved", twice["detail"]!.GetValue<string>());

        // An edit of the approved notice is reviewed again; the board keeps the approved text meanwhile.
        var edit = await master.SendJsonAsync(HttpMethod.Put, "/api/notices/n-sm", TestWorld.Notice("n-sm", "驿站周末改为全天开放", TestWorld.CompoundA));
        Assert.Equal("pending", edit["status"]!.GetValue<string>());
        await Task.Delay(500);
        Assert.Contains("驿站周末开放时间调整", await kiosk.BoardAsync());
        await staff.SendJsonAsync(HttpMethod.Post, $"/api/submissions/{edit["id"]!.GetValue<long>()}/approve", new { });
        await kiosk.WaitForBoardAsync(b => b.Contains("驿站周末改为全天开放") && !b.Contains("驿站周末开放时间调整"), "the approved edit on the board");

        // Sent back: never on the board, with the reason kept.
        var other = await master.SendJsonAsync(HttpMethod.Post, "/api/notices", TestWorld.Notice("n-sm-2", "未经核实的消息", TestWorld.CompoundA));
        var rejected = await staff.SendJsonAsync(HttpMethod.Post, $"/api/submissions/{other["id"]!.GetValue<long>()}/reject", new { note = "请先核实" });
        Assert.Equal("rejected", rejected["status"]!.GetValue<string>());
        Assert.Equal("请先核实", rejected["note"]!.GetValue<string>());
        await Task.Delay(500);
        Assert.DoesNotContain("未经核实的消息", await kiosk.BoardAsync());

        // A station master takes down their own published notice directly, but not the community's.
        var notTheirs = await master.SendJsonAsync(HttpMethod.Delete, "/api/notices/n-staff-early", new { }, ensureSuccess: false);
        Assert.Contains("not published by you", notTheirs["detail"]!.GetValue<string>());
        using (var own = await master.DeleteAsync("/api/notices/n-sm"))
        {
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        }

        // Community staff publish their own notices directly.
        var direct = await staff.PublishAsync("notices", TestWorld.Notice("n-staff", "社区直接发布的通知", TestWorld.CompoundA));
        await kiosk.WaitForSeqAsync(direct);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/submissions?status=nonsense")).StatusCode);
    }

    [Fact]
    public async Task A_draft_stays_off_the_boards_and_private_until_its_author_publishes_it()
    {
        await using var controller = ControllerHost.Start("drafts");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await admin.PostJsonAsync("/api/users", new { username = "shequ", password = "a-long-password", role = "communityStaff", scopePlaceId = TestWorld.Community, mustChangePassword = false });
        await admin.PostJsonAsync("/api/users", new { username = "zhanzhang", password = "a-long-password", role = "stationMaster", scopePlaceId = TestWorld.CompoundA, mustChangePassword = false });
        using var staff = await controller.SignInAsync("shequ", "a-long-password");
        using var master = await controller.SignInAsync("zhanzhang", "a-long-password");
        await using var kiosk = await KioskProcess.StartAsync("drafts", controller.Url, world.Credentials["kiosk-a"]);
        await kiosk.WaitForSeqAsync(await admin.HeadAsync());

        var head = await admin.HeadAsync();
        var draft = await staff.SendJsonAsync(HttpMethod.Post, "/api/notices?draft=true", TestWorld.Notice("n-draft", "草稿：元旦联欢会通知", TestWorld.CompoundA));
        Assert.Equal("draft", draft["status"]!.GetValue<string>());
        Assert.Equal(head, await admin.HeadAsync());
        Assert.DoesNotContain("n-draft", await admin.GetStringAsync("/api/submissions"));
        Assert.Contains("n-draft", await staff.GetStringAsync("/api/submissions?status=draft"));
        var stranger = await master.SendJsonAsync(HttpMethod.Post, $"/api/submissions/{draft["id"]!.GetValue<long>()}/publish", new { }, ensureSuccess: false);
        Assert.Contains("does not exist", stranger["detail"]!.GetValue<string>());
        await Task.Delay(300);
        Assert.DoesNotContain("元旦联欢会", await kiosk.BoardAsync());

        var published = await staff.SendJsonAsync(HttpMethod.Post, $"/api/submissions/{draft["id"]!.GetValue<long>()}/publish", new { });
        Assert.Equal("approved", published["status"]!.GetValue<string>());
        await kiosk.WaitForBoardAsync(b => b.Contains("草稿：元旦联欢会通知"), "the published draft on the board");

        // A station master's draft, once published, goes to review rather than to the boards.
        var masterDraft = await master.SendJsonAsync(HttpMethod.Post, "/api/notices?draft=true", TestWorld.Notice("n-sm-draft", "站长草稿", TestWorld.CompoundA));
        var sent = await master.SendJsonAsync(HttpMethod.Post, $"/api/submissions/{masterDraft["id"]!.GetValue<long>()}/publish", new { });
        Assert.Equal("pending", sent["status"]!.GetValue<string>());
        Assert.Contains("n-sm-draft", await staff.GetStringAsync("/api/submissions?status=pending"));
    }
}
