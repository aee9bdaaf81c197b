using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using SignageKiosk.Controller.Reports;
using SignageKiosk.Shared.Reports;
using SignageKiosk.Shared.Sync;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// The staff's queue of residents' reports (issue 15, docs/decisions/0029) on a real controller: who may assign and move
/// a report, the workflow and its refusals (nothing changed), the phone per role, the export without phones, paging
/// and filters, overdue, and the monthly figures reaching the compound's kiosks.
/// </summary>
public sealed class ReportQueueTests
{
    private const string Phone = "13912345678";
    private const string Password = "a-long-password";

    private sealed class Staff(ControllerHost controller, HttpClient admin) : IAsyncDisposable
    {
        private readonly Dictionary<string, HttpClient> _clients = [];
        public Dictionary<string, long> Ids { get; } = [];
        public HttpClient Admin => admin;
        public HttpClient this[string name] => _clients[name];

        public async Task AddAsync(string name, string role, string scope)
        {
            var user = await admin.PostJsonAsync("/api/users", new { username = name, password = Password, role, scopePlaceId = scope, mustChangePassword = false });
            Ids[name] = user["id"]!.GetValue<long>();
            _clients[name] = await controller.SignInAsync(name, Password);
        }

        public ValueTask DisposeAsync()
        {
            foreach (var client in _clients.Values)
            {
                client.Dispose();
            }
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Community staff of c1 and of another community, property managers of A and B, a station master of A.</summary>
    private static async Task<Staff> StaffAsync(ControllerHost controller, HttpClient admin)
    {
        await admin.PostJsonAsync("/api/places", new { id = "c2", kind = "community", name = "和平里社区", parentId = "street" });
        var staff = new Staff(controller, admin);
        await staff.AddAsync("staff1", "communityStaff", TestWorld.Community);
        await staff.AddAsync("staff2", "communityStaff", "c2");
        await staff.AddAsync("property-a", "propertyManager", TestWorld.CompoundA);
        await staff.AddAsync("property-b", "propertyManager", TestWorld.CompoundB);
        await staff.AddAsync("master-a", "stationMaster", TestWorld.CompoundA);
        return staff;
    }

    private static ResidentReport Report(string buildingId = TestWorld.BuildingA1, ReportCategory category = ReportCategory.Repairs, string? phone = Phone) => new()
    {
        IdempotencyKey = Guid.NewGuid().ToString(),
        Category = category,
        BuildingId = buildingId,
        Phrases = category == ReportCategory.Repairs ? ["repairs.lift"] : [],
        Phone = phone,
        CreatedAt = DateTimeOffset.UtcNow,
    };

    private static async Task<string> SubmitAsync(ControllerHost controller, TestWorld world, ResidentReport report, string? kiosk = null)
    {
        await using var hub = await KioskHubClient.ConnectAsync(controller.Url, world.Credentials[kiosk ?? world.KioskA]);
        return (await hub.Connection.InvokeAsync<ReportReceipt>(SyncProtocol.SubmitReport, report)).Reference;
    }

    private static async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(HttpClient client, string path, object? body = null)
    {
        using var response = body is null ? await client.PostAsync(path, null) : await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text.Length == 0 ? "{}" : text) as JsonObject ?? []);
    }

    private static async Task<JsonObject> DetailAsync(HttpClient client, string reference) =>
        (await client.GetFromJsonAsync<JsonObject>($"/api/reports/{reference}"))!;

    private static string State(JsonObject detail) => detail["report"]!["state"]!.GetValue<string>();

    private static async Task AssertRefusedAsync(HttpClient client, string path, object? body, HttpStatusCode status, string says, HttpClient admin, string reference)
    {
        var before = (await DetailAsync(admin, reference)).ToJsonString();
        var (code, answer) = await PostAsync(client, path, body);
        Assert.True(code == status, $"{path} answered {(int)code} {answer.ToJsonString()}, expected {(int)status}");
        Assert.Contains(says, answer["detail"]!.GetValue<string>());
        Assert.Equal(before, (await DetailAsync(admin, reference)).ToJsonString());
    }

    [Fact]
    public async Task Staff_assign_progress_and_resolve_a_report_and_every_bad_move_is_refused_in_chinese_changing_nothing()
    {
        await using var controller = ControllerHost.Start("report-queue-workflow");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await using var staff = await StaffAsync(controller, admin);
        var reference = await SubmitAsync(controller, world, Report());
        var path = $"/api/reports/{reference}";

        var fresh = await DetailAsync(staff["staff1"], reference);
        Assert.Equal("received", State(fresh));
        Assert.Equal("已受理", fresh["report"]!["stateName"]!.GetValue<string>());
        Assert.True(fresh["report"]!["dueAt"]!.GetValue<DateTimeOffset>() > fresh["report"]!["receivedAt"]!.GetValue<DateTimeOffset>().AddDays(2.9));
        Assert.False(fresh["report"]!["overdue"]!.GetValue<bool>());
        // The people the report may go to: staff whose area covers building A1, never B's property manager or another community's staff.
        var eligible = fresh["assignees"]!.AsArray().Select(a => a!["username"]!.GetValue<string>()).ToList();
        Assert.Equal(["admin", "master-a", "property-a", "staff1"], eligible.Order(StringComparer.Ordinal));

        await AssertRefusedAsync(staff["property-a"], path + "/assign", new { userId = staff.Ids["property-a"] }, HttpStatusCode.Forbidden, "只有管理员和社区工作人员可以派单", admin, reference);
        await AssertRefusedAsync(admin, path + "/assign", new { userId = staff.Ids["property-b"] }, HttpStatusCode.BadRequest, "管辖范围", admin, reference);
        await AssertRefusedAsync(admin, path + "/assign", new { userId = 9999 }, HttpStatusCode.BadRequest, "不存在", admin, reference);
        await AssertRefusedAsync(admin, path + "/state", new { state = "inProgress" }, HttpStatusCode.Conflict, "请先派单", admin, reference);
        await AssertRefusedAsync(admin, path + "/state", new { state = "resolved", publicReply = "已修好" }, HttpStatusCode.Conflict, "请先开始处理", admin, reference);
        await AssertRefusedAsync(admin, path + "/state", new { state = "closed" }, HttpStatusCode.BadRequest, "state 只能是", admin, reference);
        await AssertRefusedAsync(admin, path + "/state", new { state = "assigned" }, HttpStatusCode.Conflict, "派单", admin, reference);
        // Outside the caller's area: the same answer as for a report that does not exist.
        foreach (var outsider in new[] { "property-b", "staff2" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await staff[outsider].GetAsync(path)).StatusCode);
            await AssertRefusedAsync(staff[outsider], path + "/state", new { state = "spam" }, HttpStatusCode.NotFound, "不存在", admin, reference);
            await AssertRefusedAsync(staff[outsider], path + "/notes", new { text = "看看" }, HttpStatusCode.NotFound, "不存在", admin, reference);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/reports/R20000101-0001")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/reports/not-a-reference")).StatusCode);

        var assigned = (await PostAsync(staff["staff1"], path + "/assign", new { userId = staff.Ids["property-a"] })).Body;
        Assert.Equal("assigned", State(assigned));
        Assert.Equal("property-a", assigned["report"]!["assigneeName"]!.GetValue<string>());

        // A station master of the compound reads it but neither moves it nor writes notes: it is not theirs.
        await AssertRefusedAsync(staff["master-a"], path + "/state", new { state = "inProgress" }, HttpStatusCode.Forbidden, "处理人", admin, reference);
        await AssertRefusedAsync(staff["master-a"], path + "/notes", new { text = "我来看看" }, HttpStatusCode.Forbidden, "处理人", admin, reference);

        var started = await PostAsync(staff["property-a"], path + "/state", new { state = "inProgress", note = "已联系维修班组" });
        Assert.Equal(HttpStatusCode.OK, started.Status);
        await AssertRefusedAsync(staff["property-a"], path + "/state", new { state = "resolved" }, HttpStatusCode.BadRequest, "答复", admin, reference);
        await AssertRefusedAsync(staff["property-a"], path + "/state", new { state = "resolved", publicReply = new string('修', 501) }, HttpStatusCode.BadRequest, "最多 500", admin, reference);
        await AssertRefusedAsync(staff["property-a"], path + "/notes", new { text = " \u200B " }, HttpStatusCode.BadRequest, "备注", admin, reference);
        await AssertRefusedAsync(staff["property-a"], path + "/notes", new { text = "x", extra = 1 }, HttpStatusCode.BadRequest, "unknown field", admin, reference);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(staff["property-a"], path + "/notes", new { text = "配件周三到" })).Status);

        var resolved = (await PostAsync(staff["property-a"], path + "/state", new { state = "resolved", publicReply = "电梯已修好，\u202E感谢反映" })).Body;
        Assert.Equal("resolved", State(resolved));
        Assert.Equal("电梯已修好，感谢反映", resolved["report"]!["publicReply"]!.GetValue<string>());
        Assert.NotNull(resolved["report"]!["resolvedAt"]);
        var history = resolved["events"]!.AsArray().Select(e => $"{e!["kind"]}:{e["state"]}:{e["text"]}:{e["actor"]}").ToList();
        Assert.Equal(
        [
            "assigned:assigned:property-a:staff1", "state:inProgress::property-a", "note::已联系维修班组:property-a", "note::配件周三到:property-a",
            "state:resolved:电梯已修好，感谢反映:property-a",
        ], history);
        await AssertRefusedAsync(admin, path + "/state", new { state = "declined", reason = "重复" }, HttpStatusCode.Conflict, "已办结", admin, reference);
        await AssertRefusedAsync(admin, path + "/spam", null, HttpStatusCode.Conflict, "已办结", admin, reference);
        await AssertRefusedAsync(admin, path + "/assign", new { userId = staff.Ids["staff1"] }, HttpStatusCode.Conflict, "不能再派单", admin, reference);

        // Declining needs a reason, which becomes what residents read; spam from any open state.
        var second = await SubmitAsync(controller, world, Report("a2", ReportCategory.Noise, phone: null));
        await AssertRefusedAsync(staff["staff1"], $"/api/reports/{second}/state", new { state = "declined" }, HttpStatusCode.BadRequest, "原因", admin, second);
        var declined = (await PostAsync(staff["staff1"], $"/api/reports/{second}/state", new { state = "declined", reason = "属于物业合同纠纷，请联系物业" })).Body;
        Assert.Equal("declined", State(declined));
        Assert.Equal("属于物业合同纠纷，请联系物业", declined["report"]!["publicReply"]!.GetValue<string>());
        var third = await SubmitAsync(controller, world, Report("a2", ReportCategory.Other, phone: null));
        Assert.Equal("spam", State((await PostAsync(staff["staff1"], $"/api/reports/{third}/spam")).Body));

        // Reports never travel through the change log; only the compound's figures do.
        var figures = await admin.GetStringAsync("/api/audit?kind=report-figures");
        Assert.DoesNotContain(reference, figures);
    }

    [Fact]
    public async Task The_phone_is_whole_for_admins_and_the_assignee_masked_for_other_staff_and_absent_outside_and_never_exported()
    {
        await using var controller = ControllerHost.Start("report-queue-phone");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await using var staff = await StaffAsync(controller, admin);
        var reference = await SubmitAsync(controller, world, Report());
        await PostAsync(admin, $"/api/reports/{reference}/assign", new { userId = staff.Ids["property-a"] });
        await PostAsync(staff["property-a"], $"/api/reports/{reference}/state", new { state = "inProgress", note = "电话 13912345678 已打过" });

        foreach (var whole in new[] { admin, staff["property-a"] })
        {
            var detail = await DetailAsync(whole, reference);
            Assert.Equal(Phone, detail["report"]!["phone"]!.GetValue<string>());
            Assert.False(detail["report"]!["phoneMasked"]!.GetValue<bool>());
            Assert.Equal(Phone, (await whole.GetFromJsonAsync<JsonObject>("/api/reports"))!["reports"]![0]!["phone"]!.GetValue<string>());
        }
        foreach (var name in new[] { "staff1", "master-a" })
        {
            var detail = await DetailAsync(staff[name], reference);
            Assert.Equal("*******5678", detail["report"]!["phone"]!.GetValue<string>());
            Assert.True(detail["report"]!["phoneMasked"]!.GetValue<bool>());
            Assert.DoesNotContain("1391234", await staff[name].GetStringAsync("/api/reports"));
        }
        foreach (var name in new[] { "property-b", "staff2" })
        {
            Assert.Equal(0, (await staff[name].GetFromJsonAsync<JsonObject>("/api/reports"))!["total"]!.GetValue<long>());
            Assert.Equal(HttpStatusCode.NotFound, (await staff[name].GetAsync($"/api/reports/{reference}")).StatusCode);
        }

        // The export: BOM, Chinese headers, the report's row, and neither the number nor its masked form; nor the notes.
        using var response = await admin.GetAsync("/api/reports/export.csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var csv = Encoding.UTF8.GetString(bytes[3..]);
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("编号,来源,类别,楼栋,单元,反映内容,状态", lines[0]);
        Assert.DoesNotContain("电话", lines[0]);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith(reference + ",屏幕,报修,1栋,,电梯故障,处理中", lines[1]);
        Assert.Contains("property-a", lines[1]);
        foreach (var part in new[] { Phone, "1391234", "5678", "已打过" })
        {
            Assert.DoesNotContain(part, csv);
        }
        foreach (var name in new[] { "staff1", "property-a", "master-a" })
        {
            var theirs = await staff[name].GetStringAsync("/api/reports/export.csv");
            Assert.Contains(reference, theirs);
            Assert.DoesNotContain("1391234", theirs);
            Assert.DoesNotContain("*5678", theirs);
        }
        Assert.DoesNotContain(reference, await staff["property-b"].GetStringAsync("/api/reports/export.csv"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await controller.Anonymous().GetAsync("/api/reports/export.csv")).StatusCode);
    }

    [Fact]
    public async Task The_queue_pages_with_a_cursor_and_filters_by_state_category_area_assignee_and_overdue()
    {
        // Repairs are due a moment after they arrive; noise keeps its two days.
        await using var controller = ControllerHost.Start("report-queue-paging", settings: new() { ["Reports:TimeLimits:repairs"] = "00:00:00.500" });
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await using var staff = await StaffAsync(controller, admin);
        var references = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            references.Add(await SubmitAsync(controller, world, Report(i % 2 == 0 ? "a1" : "a2", i < 3 ? ReportCategory.Repairs : ReportCategory.Noise, phone: null)));
        }
        references.Add(await SubmitAsync(controller, world, Report("b1", ReportCategory.Noise, phone: null), world.KioskB));
        await PostAsync(admin, $"/api/reports/{references[4]}/assign", new { userId = staff.Ids["staff1"] });

        var seen = new List<string>();
        long? cursor = null;
        do
        {
            var page = (await admin.GetFromJsonAsync<JsonObject>("/api/reports?pageSize=4" + (cursor is null ? "" : $"&cursor={cursor}")))!;
            Assert.Equal(6, page["total"]!.GetValue<long>());
            seen.AddRange(page["reports"]!.AsArray().Select(r => r!["reference"]!.GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<long>();
        }
        while (cursor is not null);
        Assert.Equal(Enumerable.Reverse(references), seen);

        async Task<List<string>> ListedAsync(HttpClient client, string query) =>
            [.. (await client.GetFromJsonAsync<JsonObject>("/api/reports" + query))!["reports"]!.AsArray().Select(r => r!["reference"]!.GetValue<string>())];
        Assert.Equal([references[4], references[3]], await ListedAsync(admin, $"?category=noise&placeId={TestWorld.CompoundA}"));
        Assert.Equal([references[4]], await ListedAsync(admin, "?state=assigned"));
        Assert.Equal([references[4]], await ListedAsync(staff["staff1"], "?assignee=me"));
        Assert.Empty(await ListedAsync(admin, "?assignee=me"));
        Assert.Equal([references[5]], await ListedAsync(staff["property-b"], ""));

        var overdue = await Eventually.Until(() => ListedAsync(admin, "?overdue=true"), r => r.Count == 3, "the repairs to pass their half-second limit");
        Assert.Equal([references[2], references[1], references[0]], overdue);
        var flagged = (await DetailAsync(admin, references[0]))["report"]!;
        Assert.True(flagged["overdue"]!.GetValue<bool>());
        Assert.False((await DetailAsync(admin, references[3]))["report"]!["overdue"]!.GetValue<bool>());
        Assert.Contains(",是,", (await admin.GetStringAsync("/api/reports/export.csv?overdue=true")).Split("\r\n")[1]);

        foreach (var bad in new[] { "?state=closed", "?category=gossip", "?overdue=maybe", "?assignee=someone", "?pageSize=0", "?pageSize=201", "?cursor=0" })
        {
            using var response = await admin.GetAsync("/api/reports" + bad);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>());
        }
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/reports?placeId=nowhere")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff["property-b"].GetAsync($"/api/reports?placeId={TestWorld.CompoundA}")).StatusCode);
    }

    [Fact]
    public async Task The_months_figures_reach_the_compounds_kiosks_change_only_when_a_count_does_and_carry_no_personal_data()
    {
        await using var controller = ControllerHost.Start("report-queue-figures", settings: new() { ["Reports:TimeLimits:repairs"] = "00:00:00.300" });
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await using var staff = await StaffAsync(controller, admin);
        var late = await SubmitAsync(controller, world, Report());
        var quick = await SubmitAsync(controller, world, Report("a2", ReportCategory.Noise, phone: null));
        var spam = await SubmitAsync(controller, world, Report("a2", ReportCategory.Other, phone: null));

        async Task<JsonObject?> FiguresAsync(string kiosk)
        {
            await using var hub = await KioskHubClient.ConnectAsync(controller.Url, world.Credentials[kiosk]);
            var snapshot = await hub.Connection.InvokeAsync<SyncSnapshot>(SyncProtocol.Snapshot);
            return snapshot.Items.Where(i => i.Kind == "report-figures").Select(i => JsonNode.Parse(i.Payload!.Value.GetRawText()) as JsonObject).SingleOrDefault();
        }
        // The submit path refreshes the figures behind it.
        var received = await Eventually.Until(() => FiguresAsync(world.KioskA), f => f?["received"]?.GetValue<int>() == 3, "the figures to count three reports");
        Assert.Equal("report-figures:compound-a", received!["id"]!.GetValue<string>());
        Assert.Equal(0, received["resolved"]!.GetValue<int>());

        foreach (var reference in new[] { late, quick })
        {
            await PostAsync(admin, $"/api/reports/{reference}/assign", new { userId = staff.Ids["property-a"] });
            await PostAsync(staff["property-a"], $"/api/reports/{reference}/state", new { state = "inProgress" });
        }
        await Eventually.Until(() => DetailAsync(admin, late), d => d["report"]!["overdue"]!.GetValue<bool>(), "the repair to pass its limit");
        foreach (var reference in new[] { late, quick })
        {
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(staff["property-a"], $"/api/reports/{reference}/state", new { state = "resolved", publicReply = "已处理" })).Status);
        }
        await PostAsync(admin, $"/api/reports/{spam}/spam");

        var figures = (await FiguresAsync(world.KioskA))!;
        Assert.Equal(ReportFiguresCalculator.MonthOf(DateTimeOffset.UtcNow), figures["month"]!.GetValue<string>());
        Assert.Equal(2, figures["received"]!.GetValue<int>());
        Assert.Equal(2, figures["resolved"]!.GetValue<int>());
        Assert.Equal(1, figures["resolvedInTime"]!.GetValue<int>());
        Assert.Equal(0.0, figures["medianDaysToResolve"]!.GetValue<double>());
        Assert.Null(figures["satisfiedShare"]);
        Assert.Equal(["id", "medianDaysToResolve", "month", "received", "resolved", "resolvedInTime", "target", "updatedAt"], figures.Select(p => p.Key).Order(StringComparer.Ordinal));
        var text = figures.ToJsonString();
        foreach (var personal in new[] { late, quick, "R20", "a1", "a2", Phone, "5678", "property-a", "已处理" })
        {
            Assert.DoesNotContain(personal, text);
        }
        // The figures go to compound A only.
        Assert.Null(await FiguresAsync(world.KioskB));
        await using (var hub = await KioskHubClient.ConnectAsync(controller.Url, world.Credentials[world.KioskLobbyA1]))
        {
            var batch = await hub.Connection.InvokeAsync<ChangeBatch>(SyncProtocol.CatchUp, 0L, 500);
            Assert.Contains(batch.Changes, c => c.Kind == "report-figures" && c.Id == "report-figures:compound-a" && c.Op == ChangeOp.Upsert);
        }

        // Nothing changed, nothing published: a refresh, an assignment or a note leaves the change log alone.
        var head = await admin.HeadAsync();
        await controller.Services.GetRequiredService<ReportFiguresPublisher>().RefreshAsync(TestWorld.BuildingA1, CancellationToken.None);
        Assert.Equal(head, await admin.HeadAsync());
        var fourth = await SubmitAsync(controller, world, Report(phone: null));
        await Eventually.Until(() => FiguresAsync(world.KioskA), f => f?["received"]?.GetValue<int>() == 3, "the figures to count the fourth report");
        head = await admin.HeadAsync();
        await PostAsync(admin, $"/api/reports/{fourth}/assign", new { userId = staff.Ids["staff1"] });
        await PostAsync(admin, $"/api/reports/{fourth}/notes", new { text = "明早处理" });
        await controller.Services.GetRequiredService<ReportFiguresPublisher>().RefreshAsync(TestWorld.BuildingA1, CancellationToken.None);
        Assert.Equal(head, await admin.HeadAsync());

        // Staff cannot write the figures through the content API.
        var item = new { id = "report-figures:compound-a", target = new { placeId = TestWorld.CompoundA }, month = "2026-12", received = 999, resolved = 999, resolvedInTime = 999, updatedAt = DateTimeOffset.UtcNow };
        foreach (var (method, path) in new[] { (HttpMethod.Post, "/api/report-figures"), (HttpMethod.Put, "/api/report-figures/report-figures:compound-a") })
        {
            using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(item) };
            using var response = await admin.SendAsync(request);
            Assert.True((int)response.StatusCode is >= 400 and < 500, $"{method} {path} answered {(int)response.StatusCode}");
        }
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync("/api/report-figures/report-figures:compound-a")).StatusCode);
        Assert.Equal(head, await admin.HeadAsync());
        Assert.Equal(3, (await FiguresAsync(world.KioskA))!["received"]!.GetValue<int>());
    }

    /// <summary>The system clock moved by a fixed offset; its timers run in real time.</summary>
    private sealed class ShiftedClock(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
    }

    [Fact]
    public async Task When_the_station_month_turns_the_boards_get_the_new_months_figures()
    {
        // The controller's clock stands 15 seconds before the next China-time month begins (setting up takes a few).
        var now = DateTimeOffset.UtcNow;
        var turn = ReportFiguresCalculator.MonthBounds(now).End;
        var clock = new ShiftedClock(turn - TimeSpan.FromSeconds(15) - now);
        await using var controller = ControllerHost.Start("report-queue-month", services: s => s.AddSingleton<TimeProvider>(clock));
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await SubmitAsync(controller, world, Report(phone: null));

        async Task<JsonObject?> FiguresAsync()
        {
            await using var hub = await KioskHubClient.ConnectAsync(controller.Url, world.Credentials[world.KioskA]);
            var snapshot = await hub.Connection.InvokeAsync<SyncSnapshot>(SyncProtocol.Snapshot);
            return snapshot.Items.Where(i => i.Kind == "report-figures").Select(i => JsonNode.Parse(i.Payload!.Value.GetRawText()) as JsonObject).SingleOrDefault();
        }
        var before = await Eventually.Until(FiguresAsync, f => f is not null, "this month's figures");
        var month = ReportFiguresCalculator.MonthOf(turn.AddDays(-1));
        Assert.True(month == before!["month"]!.GetValue<string>() && before["received"]!.GetValue<int>() == 1,
            $"expected one report in {month} (the controller took long to start?): {before.ToJsonString()}");

        var after = await Eventually.Until(FiguresAsync, f => f!["month"]!.GetValue<string>() != month, "the next month's figures", TimeSpan.FromSeconds(60));
        Assert.Equal(ReportFiguresCalculator.MonthOf(turn), after!["month"]!.GetValue<string>());
        Assert.Equal(0, after["received"]!.GetValue<int>());
    }
}
