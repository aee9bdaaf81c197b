using System.Net;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using SignageKiosk.Shared.Reports;
using SignageKiosk.Shared.Sync;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// A resident's look-up and rating (issue 15, docs/decisions/0030): at a board of the same compound, never another's;
/// spam is unknown; a resolved report is rated once, whatever races; the phone status page says the same and shows no
/// personal data. States are set in the database until the staff queue's API is on this branch (Support/ReportRows).
/// </summary>
public sealed class ReportLookupTests
{
    private const string Phone = "13912345678";

    private static ResidentReport Report(string buildingId = TestWorld.BuildingA1, string? unitId = "a1-u1") => new()
    {
        IdempotencyKey = Guid.NewGuid().ToString(),
        Category = ReportCategory.Repairs,
        BuildingId = buildingId,
        UnitId = unitId,
        Phrases = ["repairs.lift"],
        Phone = Phone,
        CreatedAt = DateTimeOffset.UtcNow,
    };

    private static Task<ReportStatus?> LookUpAsync(KioskHubClient hub, string reference) =>
        hub.Connection.InvokeAsync<ReportStatus?>(SyncProtocol.LookUpReport, reference);

    private static Task<ReportStatus> RateAsync(KioskHubClient hub, string reference, ReportRating rating) =>
        hub.Connection.InvokeAsync<ReportStatus>(SyncProtocol.RateReport, new ReportRatingRequest { Reference = reference, Rating = rating });

    [Fact]
    public async Task A_board_of_the_same_compound_finds_a_report_and_rates_it_once_others_and_spam_find_nothing()
    {
        await using var controller = ControllerHost.Start("report-lookup");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await using var kioskA = await KioskHubClient.ConnectAsync(controller.Url, world.Credentials[world.KioskA]);
        await using var lobbyA1 = await KioskHubClient.ConnectAsync(controller.Url, world.Credentials[world.KioskLobbyA1]);
        await using var kioskB = await KioskHubClient.ConnectAsync(controller.Url, world.Credentials[world.KioskB]);
        var receipt = await kioskA.Connection.InvokeAsync<ReportReceipt>(SyncProtocol.SubmitReport, Report());
        var reference = receipt.Reference;

        var found = await LookUpAsync(kioskA, reference);
        Assert.NotNull(found);
        Assert.Equal(reference, found.Reference);
        Assert.Equal(ReportState.Received, found.State);
        Assert.Equal(ReportCategory.Repairs, found.Category);
        Assert.Equal(receipt.ReceivedAt, found.ReceivedAt);
        Assert.Null(found.ResolvedAt);
        Assert.False(found.MayRate);
        // The lobby board of the building itself finds it too; as a resident may type it (lower case, spaces, full-width digits).
        Assert.Equal(reference, (await LookUpAsync(lobbyA1, " r" + reference[1..].Replace('2', '２') + " "))?.Reference);
        // Another compound's board, an unknown reference and garbage: one answer, nothing.
        Assert.Null(await LookUpAsync(kioskB, reference));
        Assert.Null(await LookUpAsync(kioskA, reference[..^4] + "9999"));
        Assert.Null(await LookUpAsync(kioskA, "' OR 1=1 --"));
        Assert.Null(await LookUpAsync(kioskA, new string('R', 5000)));

        // Not resolved yet: no rating.
        var early = await Assert.ThrowsAsync<HubException>(() => RateAsync(kioskA, reference, ReportRating.Satisfied));
        Assert.Contains("这条反映还未办结，暂不能评价", early.Message);

        await ReportRows.SetStateAsync(controller, reference, ReportState.Resolved, "已更换电梯按钮 <b>谢谢</b>");
        var resolved = (await LookUpAsync(kioskA, reference))!;
        Assert.Equal(ReportState.Resolved, resolved.State);
        Assert.NotNull(resolved.ResolvedAt);
        Assert.Equal("已更换电梯按钮 <b>谢谢</b>", resolved.PublicReply);
        Assert.True(resolved.MayRate);
        // Another compound's board may not rate it either, and learns nothing.
        var stranger = await Assert.ThrowsAsync<HubException>(() => RateAsync(kioskB, reference, ReportRating.Dissatisfied));
        Assert.Contains("没有找到", stranger.Message);
        var garbage = await Assert.ThrowsAsync<HubException>(() => RateAsync(kioskA, "nonsense", ReportRating.Satisfied));
        Assert.Contains("没有找到", garbage.Message);
        var badRating = await Assert.ThrowsAsync<HubException>(() => RateAsync(kioskA, reference, (ReportRating)9));
        Assert.Contains("满意", badRating.Message);

        var rated = await RateAsync(kioskA, reference, ReportRating.FairlySatisfied);
        Assert.Equal(ReportRating.FairlySatisfied, rated.Rating);
        Assert.False(rated.MayRate);
        var twice = await Assert.ThrowsAsync<HubException>(() => RateAsync(lobbyA1, reference, ReportRating.Dissatisfied));
        Assert.Contains("这条反映已经评价过了", twice.Message);
        Assert.Equal(ReportRating.FairlySatisfied, (await LookUpAsync(lobbyA1, reference))!.Rating);
        Assert.Equal("fairlySatisfied", await ReportRows.TextAsync(controller, "SELECT rating FROM reports WHERE reference = @r;", ("@r", reference)));
        Assert.Equal(1, await ReportRows.ScalarAsync(controller,
            "SELECT count(*) FROM report_events e JOIN reports r ON r.id = e.report_id WHERE r.reference = @r AND e.kind = 'rating' AND e.text = 'fairlySatisfied' AND e.actor = 'kiosk:kiosk-a';",
            ("@r", reference)));

        // Another report, marked spam by staff while open (resolved ones are final): unknown to every board.
        var spam = (await kioskA.Connection.InvokeAsync<ReportReceipt>(SyncProtocol.SubmitReport, Report(unitId: null))).Reference;
        Assert.NotNull(await LookUpAsync(kioskA, spam));
        await ReportRows.SetStateAsync(controller, spam, ReportState.Spam);
        Assert.Null(await LookUpAsync(kioskA, spam));
        Assert.Null(await LookUpAsync(lobbyA1, spam));
    }

    [Fact]
    public async Task Ratings_at_the_same_moment_from_four_connections_store_exactly_one()
    {
        await using var controller = ControllerHost.Start("report-rate-race");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        var hubs = new List<KioskHubClient>();
        try
        {
            foreach (var kiosk in new[] { world.KioskA, world.KioskA, world.KioskLobbyA1, world.KioskLobbyA1 })
            {
                hubs.Add(await KioskHubClient.ConnectAsync(controller.Url, world.Credentials[kiosk]));
            }
            for (var round = 0; round < 3; round++)
            {
                var reference = (await hubs[0].Connection.InvokeAsync<ReportReceipt>(SyncProtocol.SubmitReport, Report(unitId: null))).Reference;
                await ReportRows.SetStateAsync(controller, reference, ReportState.Resolved, "已处理");
                var ratings = Enum.GetValues<ReportRating>();
                var attempts = hubs.Select((hub, i) => RateAsync(hub, reference, ratings[i % ratings.Length])).ToList();
                try
                {
                    await Task.WhenAll(attempts);
                }
                catch (HubException)
                {
                    // Counted below.
                }
                var won = Assert.Single(attempts, a => a.IsCompletedSuccessfully);
                Assert.All(attempts.Where(a => a != won), a => Assert.Contains("已经评价过了", a.Exception!.InnerException!.Message));
                Assert.Equal(ReportStatusStoreName((await won).Rating!.Value),
                    await ReportRows.TextAsync(controller, "SELECT rating FROM reports WHERE reference = @r;", ("@r", reference)));
                Assert.Equal(1, await ReportRows.ScalarAsync(controller,
                    "SELECT count(*) FROM report_events e JOIN reports r ON r.id = e.report_id WHERE r.reference = @r AND e.kind = 'rating';", ("@r", reference)));
            }
        }
        finally
        {
            foreach (var hub in hubs)
            {
                await hub.DisposeAsync();
            }
        }
    }

    private static string ReportStatusStoreName(ReportRating rating) => rating switch
    {
        ReportRating.Satisfied => "satisfied",
        ReportRating.FairlySatisfied => "fairlySatisfied",
        _ => "dissatisfied",
    };

    [Fact]
    public async Task The_phone_status_page_shows_state_and_reply_as_text_rates_once_with_its_token_and_never_shows_the_phone()
    {
        await using var controller = ControllerHost.Start("report-status-page");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        string reference;
        await using (var hub = await KioskHubClient.ConnectAsync(controller.Url, world.Credentials[world.KioskA]))
        {
            reference = (await hub.Connection.InvokeAsync<ReportReceipt>(SyncProtocol.SubmitReport, Report())).Reference;
        }
        using var phone = new PhonePageClient(controller.Url);
        using (var received = await phone.GetAsync(PhoneStatus(reference)))
        {
            Assert.Equal(HttpStatusCode.OK, received.StatusCode);
            var html = await received.Content.ReadAsStringAsync();
            Assert.Contains("已受理", html);
            Assert.DoesNotContain("name=\"rating\"", html);
            Assert.Contains("'nonce-", received.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Equal("no-store", received.Headers.CacheControl!.ToString());
        }
        foreach (var missing in new[] { "R20000101-0001", "garbage", "", "<script>" })
        {
            using var response = await phone.GetAsync(PhoneStatus(missing));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains("没有找到这个反映编号", html);
            Assert.DoesNotContain("<script>", html);
        }

        await ReportRows.SetStateAsync(controller, reference, ReportState.Resolved, "已修好。<script>alert(1)</script>\n如有问题请再联系");
        var token = await phone.TokenAsync(PhoneStatus(reference));
        using (var resolved = await phone.GetAsync(PhoneStatus(reference)))
        {
            var html = await resolved.Content.ReadAsStringAsync();
            Assert.Contains("已办结", html);
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
            Assert.DoesNotContain("<script>", html);
            Assert.Equal(3, html.Split("name=\"rating\"").Length - 1);
            Assert.DoesNotContain("1391234", html);
            Assert.DoesNotContain("*5678", html);
            Assert.DoesNotContain("a1-u1", html);
            Assert.DoesNotContain("电梯故障", html);
        }
        // Without the form's token: refused, nothing rated.
        using (var forged = await phone.PostAsync("/r/status", [new("reference", reference), new("rating", "dissatisfied")]))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }
        using (var unknownRating = await phone.PostAsync("/r/status", [new("__RequestVerificationToken", token), new("reference", reference), new("rating", "great")]))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unknownRating.StatusCode);
        }
        Assert.Null(await ReportRows.TextAsync(controller, "SELECT rating FROM reports WHERE reference = @r;", ("@r", reference)));

        using (var rated = await phone.PostAsync("/r/status", [new("__RequestVerificationToken", token), new("reference", reference), new("rating", "satisfied")]))
        {
            Assert.Equal(HttpStatusCode.Redirect, rated.StatusCode);
            using var after = await phone.GetAsync(rated.Headers.Location!.ToString());
            var html = await after.Content.ReadAsStringAsync();
            Assert.Contains("感谢您的评价", html);
            Assert.Contains("<dd id=\"rating\">满意</dd>", html);
            Assert.DoesNotContain("name=\"rating\"", html);
        }
        using (var again = await phone.PostAsync("/r/status", [new("__RequestVerificationToken", token), new("reference", reference), new("rating", "dissatisfied")]))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            Assert.Contains("这条反映已经评价过了", await again.Content.ReadAsStringAsync());
        }
        Assert.Equal("satisfied", await ReportRows.TextAsync(controller, "SELECT rating FROM reports WHERE reference = @r;", ("@r", reference)));
        Assert.Equal(1, await ReportRows.ScalarAsync(controller, "SELECT count(*) FROM report_events WHERE kind = 'rating' AND actor = 'phone';"));

        // Another report, marked spam while open: the page knows it no more than an unknown one.
        string spam;
        await using (var hub = await KioskHubClient.ConnectAsync(controller.Url, world.Credentials[world.KioskA]))
        {
            spam = (await hub.Connection.InvokeAsync<ReportReceipt>(SyncProtocol.SubmitReport, Report(unitId: null))).Reference;
        }
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync(PhoneStatus(spam))).StatusCode);
        await ReportRows.SetStateAsync(controller, spam, ReportState.Spam);
        Assert.Equal(HttpStatusCode.NotFound, (await phone.GetAsync(PhoneStatus(spam))).StatusCode);
    }

    [Fact]
    public async Task The_phone_status_page_refuses_a_network_address_walking_through_references()
    {
        await using var controller = ControllerHost.Start("report-status-throttle", settings: new() { ["Reports:Limits:LookUpsPerClientAddressPerHour"] = "3" });
        using var phone = new PhonePageClient(controller.Url);
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await phone.GetAsync(PhoneStatus($"R20261205-000{i}"))).StatusCode);
        }
        using var refused = await phone.GetAsync(PhoneStatus("R20261205-0004"));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("查询次数已达上限", await refused.Content.ReadAsStringAsync());
        using var rating = await phone.PostAsync("/r/status", [new("reference", "R20261205-0001"), new("rating", "satisfied")]);
        Assert.Equal(HttpStatusCode.TooManyRequests, rating.StatusCode);
    }

    private static string PhoneStatus(string reference) => "/r/status?reference=" + Uri.EscapeDataString(reference);
}
