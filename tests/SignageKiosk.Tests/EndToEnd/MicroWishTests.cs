using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.EndToEnd;

/// <summary>
/// Micro-wishes (微心愿) end to end: staff post wishes on /admin/wishes, the kiosk's board shows them (Chromium), a
/// volunteer claims one through the board's QR code on a 360 px phone, staff confirm it as a Party member's, the board
/// shows the claim with the badge, another is claimed for a roster person and fulfilled. Who a wish is for and the
/// claimant's phone never reach the kiosk, a board page, the public page, the change log or the audit log.
/// </summary>
[RunsFor(25)]
public sealed class MicroWishTests(DemoBoard board) : IClassFixture<DemoBoard>
{
    private const string Password = "a-long-password";
    private const string Note = "孙秀兰奶奶，3栋2单元502，独居，腿脚不便";
    private const string Phone = "13912345678";
    private const string FullName = "王小明";

    private static string Images => Path.Combine(Repo.Root, "docs", "images");

    private async Task<IPage> StaffAsync(string username)
    {
        await board.Admin.SendJsonAsync(HttpMethod.Post, "/api/users", new { username, password = Password, role = "communityStaff", scopePlaceId = "community-xingfuli", mustChangePassword = false }, ensureSuccess: false);
        return await board.Chromium.SignInToStaffPagesAsync(board.Controller.Url, username, Password, 1400, 1000);
    }

    private async Task<string> PostAsync(IPage page, string title, string details, string category, string? note)
    {
        await page.GotoAsync(board.Controller.Url + "/admin/wishes");
        await page.FillAsync("#wish-title", title);
        await page.FillAsync("#wish-details", details);
        await page.SelectOptionAsync("#wish-category", category);
        await page.ChoosePlaceAsync("TargetPlaceId", "丹桂苑", "丹桂苑小区");
        if (note is not null)
        {
            await page.FillAsync("#wish-note", note);
        }
        await page.ClickAsync("#wish-form button.primary");
        await Assertions.Expect(page.Locator(".notice-banner.ok")).ToBeVisibleAsync();
        return (await board.ListAsync("wishes")).Single(w => w!["title"]!.GetValue<string>() == title)!["id"]!.GetValue<string>();
    }

    private async Task<JsonObject> WishAsync(string id) => JsonNode.Parse(await board.Admin.GetStringAsync("/api/wishes/" + id))!.AsObject();

    [Fact]
    public async Task A_wish_goes_from_the_staff_page_to_the_board_is_claimed_by_phone_confirmed_with_the_Party_badge_and_fulfilled_without_leaking_who_it_is_for()
    {
        var staff = await StaffAsync("shequ-wishes");

        // A title of only control characters is empty: said in Chinese next to the field, answered 400, nothing written.
        await staff.GotoAsync(board.Controller.Url + "/admin/wishes");
        var head = await board.Admin.HeadAsync();
        await staff.FillAsync("#wish-title", "\u0007\u0008");
        var refused = await staff.RunAndWaitForResponseAsync(() => staff.ClickAsync("#wish-form button.primary"), r => r.Request.Method == "POST");
        Assert.Equal(400, refused.Status);
        await Assertions.Expect(staff.Locator("[data-error-for=title]")).ToHaveTextAsync("此项必填");
        Assert.Equal(head, await board.Admin.HeadAsync());

        var groceries = await PostAsync(staff, "每周代购蔬菜", "每周六上午送到家，约 50 元", "Groceries", Note);
        var tutoring = await PostAsync(staff, "小学三年级数学辅导", "每周两次，每次一小时", "Tutoring", "5栋 李家小孩，父母上夜班");
        var lockRepair = await PostAsync(staff, "修理门锁", "门锁松动，需要换锁芯", "Repair", null);
        var walk = await PostAsync(staff, "陪独居老人聊天散步", "", "Companionship", null);

        await board.Kiosk.WaitForBoardAsync(b => b.Contains($"data-wish-id=\"{walk}\""), "the four wishes on the board");
        var html = await board.Kiosk.BoardAsync();
        Assert.Contains($"data-wish-id=\"{groceries}\" data-wish-state=\"open\"", html);
        Assert.DoesNotContain("孙秀兰", html);
        Assert.DoesNotContain("李家小孩", html);

        // The board in Chromium: the tile, the panel, and a QR code that opens the wish's claim page on the controller.
        var page = await board.OpenAsync();
        await Assertions.Expect(page.Locator("button.tile-wishes .tile-hint")).ToHaveTextAsync("待认领 4 个");
        await page.ScreenshotAsync(new() { Path = Path.Combine(DemoBoard.Artifacts, "wishes-home.png") });
        await page.ClickAsync("button.tile-wishes");
        var article = page.Locator($"article[data-wish-id='{groceries}']");
        // Wishes posted the same day come in id order, and ids are random: page until this one is on screen.
        await TurnToAsync(page, article);
        await Assertions.Expect(article).ToBeVisibleAsync();
        await Assertions.Expect(article.Locator(".wish-state")).ToHaveTextAsync("待认领");
        var qr = article.Locator("img.qr-code");
        await qr.EvaluateAsync("img => img.decode()");
        // Decoded from a larger copy: at 150 px a module is about 4 screen pixels, which zbarimg reads only most of the time.
        await qr.EvaluateAsync("img => { img.style.width = img.style.height = '444px'; }");
        var qrPng = Path.Combine(DemoBoard.Artifacts, "wish-qr.png");
        await qr.ScreenshotAsync(new() { Path = qrPng });
        await qr.EvaluateAsync("img => { img.style.width = img.style.height = ''; }");
        var claimUrl = await DemoBoard.DecodeQrAsync(qrPng);
        Assert.Equal($"{board.Controller.Url}/w/{groceries}", claimUrl);

        // The phone page at 360 px: the wish, never the note; a claim with the phone and "I am a Party member".
        var phoneContext = await board.Chromium.NewContextAsync(new() { ViewportSize = new ViewportSize { Width = 360, Height = 740 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2 });
        var phone = await phoneContext.NewPageAsync();
        await phone.GotoAsync(claimUrl);
        await Assertions.Expect(phone.Locator("h1")).ToHaveTextAsync("每周代购蔬菜");
        Assert.DoesNotContain("孙秀兰", await phone.ContentAsync());
        Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 360"), "the claim page fits 360 px");
        await phone.FillAsync("#name", FullName);
        await phone.FillAsync("#phone", "139 1234 5678");
        await phone.CheckAsync("input[name=Party]");
        await phone.ScreenshotAsync(new() { Path = Path.Combine(Images, "wishes-phone.png"), FullPage = true });
        await phone.ClickAsync("button[type=submit]");
        await Assertions.Expect(phone.Locator("[data-result=received] h1")).ToHaveTextAsync("谢谢您！");

        // Pending: the board still says open; staff see the claim with the phone and "says Party member".
        Assert.Equal("open", (await WishAsync(groceries))["state"]!.GetValue<string>());
        await board.Kiosk.WaitForSeqAsync(await board.Admin.HeadAsync());
        Assert.Contains($"data-wish-id=\"{groceries}\" data-wish-state=\"open\"", await board.Kiosk.BoardAsync());
        await staff.GotoAsync(board.Controller.Url + "/admin/wishes?state=pending");
        var card = staff.Locator($".wish-card[data-wish-id='{groceries}']");
        var claim = card.Locator("tr[data-claim-state=pending]");
        await Assertions.Expect(claim).ToContainTextAsync(FullName);
        await Assertions.Expect(claim).ToContainTextAsync(Phone);
        await Assertions.Expect(claim).ToContainTextAsync("自称党员");
        await Assertions.Expect(card.Locator("[data-private-note]")).ToContainTextAsync(Note);
        await Assertions.Expect(staff.Locator($".wish-card[data-wish-id='{walk}']")).ToHaveCountAsync(0);

        // Staff confirm it as a Party member's: the board shows it claimed, masked name and the badge.
        await claim.Locator("input[name=partyConfirmed]").CheckAsync();
        await claim.Locator("button.primary").ClickAsync();
        await Assertions.Expect(staff.Locator(".notice-banner.ok")).ToContainTextAsync("已确认认领");
        var claimed = await WishAsync(groceries);
        Assert.Equal("claimed", claimed["state"]!.GetValue<string>());
        Assert.Equal("王**", claimed["claimedBy"]!.GetValue<string>());
        Assert.True(claimed["claimedByPartyMember"]!.GetValue<bool>());
        var claimedArticle = page.Locator($"article[data-wish-id='{groceries}'][data-wish-state='claimed']");
        // (Attached, not necessarily visible: the list pages, and the claimed wish may be on the next page.)
        await Assertions.Expect(claimedArticle.Locator(".party-badge")).ToBeAttachedAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(claimedArticle.Locator(".wish-claimant")).ToHaveTextAsync("党王**");
        await Assertions.Expect(claimedArticle.Locator("img.qr-code")).ToHaveCountAsync(0);

        // The phone page for a claimed wish says so and takes no claim.
        await phone.GotoAsync(claimUrl);
        await Assertions.Expect(phone.Locator("[data-result=not-open]")).ToContainTextAsync("已有人认领");

        // Claimed for a person on the roster (a Party member: the badge comes from the roster), then fulfilled.
        await staff.GotoAsync(board.Controller.Url + "/admin/wishes");
        var repairCard = staff.Locator($".wish-card[data-wish-id='{lockRepair}']");
        // Someone on the roster is found by name, not picked from a list of everybody in the area.
        await repairCard.Locator("input[name=person]").FillAsync("李建国");
        await repairCard.Locator("button[data-action=find-person]").ClickAsync();
        await repairCard.Locator("input[name=personId][value=p-li-jianguo]").CheckAsync();
        await repairCard.Locator("form.claim-for button.primary").ClickAsync();
        await Assertions.Expect(staff.Locator(".notice-banner.ok")).ToContainTextAsync("已代为认领");
        Assert.Equal("李**", (await WishAsync(lockRepair))["claimedBy"]!.GetValue<string>());
        await staff.Locator($".wish-card[data-wish-id='{lockRepair}'] form[action*='handler=Fulfil'] button").ClickAsync();
        await Assertions.Expect(staff.Locator(".notice-banner.ok")).ToContainTextAsync("已标记为已实现");
        var fulfilled = page.Locator($"article[data-wish-id='{lockRepair}'][data-wish-state='fulfilled']");
        await Assertions.Expect(fulfilled).ToContainTextAsync("感谢", new() { Timeout = 15_000 });
        await Assertions.Expect(fulfilled.Locator(".party-badge")).ToBeAttachedAsync();

        // Order on the board: open first, then claimed, then fulfilled.
        var states = await page.Locator("[data-screen=wishes] article.wish").EvaluateAllAsync<string[]>("all => all.map(a => a.dataset.wishState)");
        Assert.Equal(states.OrderBy(s => s switch { "open" => 0, "claimed" => 1, _ => 2 }), states);
        Assert.Equal(2, states.Count(s => s == "open"));

        // Body text at least 28 px and line spacing at least 1.3 on this panel too, as AccessibilityTests measure elsewhere.
        var smallest = await page.EvaluateAsync<double[]>(
            """
            () => {
              let font = 999, line = 99;
              for (const el of document.querySelectorAll('[data-screen=wishes] *')) {
                if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()) || !el.offsetParent) continue;
                const s = getComputedStyle(el), size = parseFloat(s.fontSize);
                font = Math.min(font, size);
                if (s.lineHeight !== 'normal' && !el.closest('.party-badge')) line = Math.min(line, parseFloat(s.lineHeight) / size);
              }
              return [font, line];
            }
            """);
        Assert.True(smallest[0] >= 28, $"text of {smallest[0]}px on the wishes panel");
        Assert.True(smallest[1] >= 1.3, $"line spacing {smallest[1]} on the wishes panel");
        await page.Locator($"article[data-wish-id='{tutoring}'] img.qr-code").EvaluateAsync("img => img.decode()");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Images, "wishes-board.png") });
        await staff.GotoAsync(board.Controller.Url + "/admin/wishes");
        await staff.ScreenshotAsync(new() { Path = Path.Combine(Images, "wishes-admin.png"), FullPage = true });

        // Elder mode: the panel in large text still fits its box (the pager pages instead of overflowing).
        await page.ClickAsync("button.header-button.elder-mode");
        await Assertions.Expect(page.Locator("html[data-size=large]")).ToHaveCountAsync(1);
        Assert.True(await page.EvaluateAsync<bool>("() => { const b = document.querySelector('[data-screen=wishes] .paged'); return b.scrollHeight <= b.clientHeight + 1; }"), "no overflow in elder mode");

        // Privacy: nowhere public, nowhere on the kiosk, nowhere in the change log or the audit log.
        string[] secrets = [Phone, FullName, "孙秀兰", "李家小孩"];
        foreach (var lang in new[] { "zh", "en" })
        {
            using var client = new HttpClient();
            var boardHtml = await client.GetStringAsync($"{board.Kiosk.Url}/board?lang={lang}");
            Assert.DoesNotContain(secrets, s => boardHtml.Contains(s, StringComparison.Ordinal));
        }
        using (var anonymous = board.Controller.Anonymous())
        {
            foreach (var id in new[] { groceries, tutoring, lockRepair, walk })
            {
                var publicPage = await anonymous.GetStringAsync("/w/" + id);
                Assert.DoesNotContain(secrets, s => publicPage.Contains(s, StringComparison.Ordinal));
            }
        }
        var api = await board.Admin.GetStringAsync("/api/wishes");
        Assert.DoesNotContain(secrets, s => api.Contains(s, StringComparison.Ordinal));
        // Through the controller's own store, so it looks on either back end.
        await using (var db = await board.Controller.Services.GetRequiredService<ControllerDb>().OpenAsync(CancellationToken.None))
        {
            foreach (var secret in secrets)
            {
                await using var command = db.CreateCommand();
                command.CommandText = "SELECT (SELECT count(*) FROM changes WHERE instr(coalesce(payload, ''), @s) > 0) + (SELECT count(*) FROM audit WHERE instr(coalesce(before, '') || coalesce(after, ''), @s) > 0);";
                AddParameter(command, "@s", secret);
                Assert.Equal(0L, Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        await board.Kiosk.KillAsync();
        try
        {
            var files = Directory.EnumerateFiles(board.Kiosk.DataDirectory, "*", SearchOption.AllDirectories).ToList();
            Assert.NotEmpty(files);
            var sawWish = false;
            foreach (var file in files)
            {
                var bytes = await File.ReadAllBytesAsync(file);
                sawWish |= IndexOf(bytes, Encoding.UTF8.GetBytes("每周代购蔬菜")) >= 0;
                foreach (var secret in secrets)
                {
                    Assert.True(IndexOf(bytes, Encoding.UTF8.GetBytes(secret)) < 0 && IndexOf(bytes, Encoding.Unicode.GetBytes(secret)) < 0, $"{secret} found in {file}");
                }
            }
            Assert.True(sawWish, "the kiosk's store holds the wish itself (so the search above can find text)");
        }
        finally
        {
            await board.Kiosk.StartAsync();
        }

        // Withdrawn: gone from the board, the public page is a Chinese 404, and its note and claims are gone too.
        await staff.GotoAsync(board.Controller.Url + "/admin/wishes");
        await staff.Locator($".wish-card[data-wish-id='{groceries}'] form[action*='handler=Withdraw'] button").ClickAsync();
        await Assertions.Expect(staff.Locator(".notice-banner.ok")).ToContainTextAsync("已撤下");
        await board.Kiosk.WaitForBoardAsync(b => !b.Contains($"data-wish-id=\"{groceries}\""), "the withdrawn wish leaves the board");
        using (var anonymous = board.Controller.Anonymous())
        {
            using var gone = await anonymous.GetAsync("/w/" + groceries);
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
            Assert.Contains("心愿不存在或已撤下", await gone.Content.ReadAsStringAsync());
        }
        await using (var db = await board.Controller.Services.GetRequiredService<ControllerDb>().OpenAsync(CancellationToken.None))
        {
            await using var command = db.CreateCommand();
            command.CommandText = "SELECT (SELECT count(*) FROM wish_notes WHERE wish_id = @id) + (SELECT count(*) FROM wish_claims WHERE wish_id = @id);";
            AddParameter(command, "@id", groceries);
            Assert.Equal(0L, Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        }
        await phoneContext.CloseAsync();
    }

    private static void AddParameter(System.Data.Common.DbCommand command, string name, string value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static async Task TurnToAsync(IPage page, ILocator item)
    {
        for (var turns = 0; turns < 5 && await item.EvaluateAsync<bool>("e => e.classList.contains('off-page')"); turns++)
        {
            await page.Locator("[data-screen=wishes] [data-action=page-next]").ClickAsync();
        }
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
