using System.Text.Json.Nodes;
using Microsoft.Playwright;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.EndToEnd;

/// <summary>The board residents touch: every panel one tap from home, showing what staff published.</summary>
[RunsFor(20)]
public sealed class BoardPanelsTests(DemoBoard board) : IClassFixture<DemoBoard>
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>All text of a paged list, turning its pages with the pager as a resident would.</summary>
    private static async Task<string> ReadAllPagesAsync(IPage page, string pager)
    {
        var list = page.Locator($".paged[data-pager='{pager}']");
        var text = await list.InnerTextAsync();
        var next = page.Locator($".pager[data-pager-for='{pager}'] [data-action='page-next']");
        for (var i = 0; i < 20 && await next.IsVisibleAsync() && await next.IsEnabledAsync(); i++)
        {
            await next.ClickAsync();
            text += "\n" + await list.InnerTextAsync();
        }
        return text;
    }

    private static async Task AssertNoScrollbarsAsync(IPage page) =>
        Assert.True(await page.EvaluateAsync<bool>(
            "() => [...document.querySelectorAll('#board *')].every(e => e.scrollHeight <= e.clientHeight + 1 || getComputedStyle(e).overflowY !== 'auto' && getComputedStyle(e).overflowY !== 'scroll') && document.documentElement.scrollHeight <= innerHeight"),
            "something on the board scrolls");

    [Theory]
    [InlineData("landscape")]
    [InlineData("portrait")]
    public async Task Every_home_tile_lies_whole_inside_the_main_zone(string layout)
    {
        var page = await board.OpenAsync(layout);
        var spill = await page.EvaluateAsync<string[]>("""
            () => {
              const zone = document.querySelector('.zone-main').getBoundingClientRect();
              return [...document.querySelectorAll('[data-screen=home] .tile')].map(t => [t.className, t.getBoundingClientRect()])
                .filter(([, r]) => r.top < zone.top - 1 || r.bottom > zone.bottom + 1 || r.left < zone.left - 1 || r.right > zone.right + 1)
                .map(([name, r]) => `${name}: ${Math.round(r.top)}–${Math.round(r.bottom)} outside ${Math.round(zone.top)}–${Math.round(zone.bottom)}`);
            }
            """);
        Assert.Empty(spill);
        Assert.Equal(7, await page.Locator("[data-screen=home] .tile").CountAsync());
    }

    [Fact]
    public async Task The_roster_shows_every_building_and_its_people_with_Party_badges()
    {
        var page = await board.OpenAsync();
        await page.Locator(".tile-roster").ClickAsync();
        await Assertions.Expect(page.Locator("[data-screen=roster]")).ToBeVisibleAsync();
        var buildings = (await board.ListAsync("places")).Where(p => p!["kind"]!.GetValue<string>() == "building").ToList();
        await Assertions.Expect(page.Locator(".building-tile")).ToHaveCountAsync(buildings.Count);

        var people = (await board.ListAsync("people")).ToDictionary(p => p!["id"]!.GetValue<string>(), p => p!);
        var roster = await board.ListAsync("roster");
        foreach (var building in buildings.Take(2))
        {
            var id = building!["id"]!.GetValue<string>();
            await page.Locator($"[data-building='{id}']").ClickAsync();
            await Assertions.Expect(page.Locator($"[data-building-detail='{id}']")).ToBeVisibleAsync();
            var text = await ReadAllPagesAsync(page, "building-" + id);
            var expected = roster.Where(r => r!["buildingId"]!.GetValue<string>() == id).Select(r => people[r!["personId"]!.GetValue<string>()]).ToList();
            Assert.NotEmpty(expected);
            foreach (var person in expected)
            {
                Assert.Contains(person["name"]!.GetValue<string>(), text);
                var row = page.Locator($"[data-building-detail='{id}'] [data-person-id='{person["id"]!.GetValue<string>()}']").First;
                var party = person["party"]?.GetValue<string>() ?? "none";
                Assert.Equal(party != "none", await row.Locator(".party-badge").CountAsync() > 0);
                var phone = person["phone"]?.GetValue<string>();
                if (phone is not null && person["phonePublic"]?.GetValue<bool>() != true)
                {
                    Assert.DoesNotContain(phone, text);
                }
            }
            await page.Locator($"[data-building-detail='{id}'] [data-action=map]").ClickAsync();
        }
        await AssertNoScrollbarsAsync(page);
    }

    [Fact]
    public async Task Notices_put_urgent_and_pinned_first_and_never_show_an_expired_one()
    {
        var page = await board.OpenAsync();
        await page.Locator(".tile-notices").ClickAsync();
        await Assertions.Expect(page.Locator("[data-screen=notices]")).ToBeVisibleAsync();
        var shown = await page.Locator(".notice-list > .notice").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.notice + ':' + [...e.classList].find(c => c !== 'notice'))");
        var now = DateTimeOffset.UtcNow;
        var published = await board.ListAsync("notices");
        var valid = published.Where(n => (n!["validFrom"] is null || DateTimeOffset.Parse(n["validFrom"]!.GetValue<string>()) <= now)
                                      && (n!["validTo"] is null || now < DateTimeOffset.Parse(n["validTo"]!.GetValue<string>()))).ToList();
        var expired = published.Where(n => n!["validTo"] is not null && DateTimeOffset.Parse(n["validTo"]!.GetValue<string>()) <= now).ToList();
        Assert.NotEmpty(expired);
        Assert.Equal(valid.Count, shown.Length);
        foreach (var gone in expired)
        {
            Assert.DoesNotContain(shown, s => s.StartsWith(gone!["id"]!.GetValue<string>() + ":"));
            Assert.DoesNotContain(gone!["title"]!.GetValue<string>(), await page.Locator("#board").InnerTextAsync());
        }
        var ranks = shown.Select(s => s.Split(':')[1] switch { "urgent" => 0, "pinned" => 1, _ => 2 }).ToList();
        Assert.Equal(ranks.Order(), ranks);
        Assert.Contains(1, ranks);

        // A notice opens whole, with a QR code that carries its text to a phone.
        var first = shown[0].Split(':')[0];
        await page.Locator($".notice-list [data-notice='{first}']").ClickAsync();
        var detail = page.Locator($"[data-notice-detail='{first}']");
        await Assertions.Expect(detail).ToBeVisibleAsync();
        var qr = detail.Locator(".qr-code");
        await Assertions.Expect(qr).ToHaveJSPropertyAsync("complete", true);
        var png = Path.Combine(DemoBoard.Artifacts, "qr-notice.png");
        await qr.ScreenshotAsync(new() { Path = png });
        var title = valid.First(n => n!["id"]!.GetValue<string>() == first)!["title"]!.GetValue<string>();
        Assert.StartsWith(title, await DemoBoard.DecodeQrAsync(png));
    }

    [Fact]
    public async Task Duty_shows_who_is_on_duty_now_and_a_tapped_number_becomes_a_QR_code_to_dial()
    {
        var page = await board.OpenAsync();
        await page.Locator(".tile-duty").ClickAsync();
        await Assertions.Expect(page.Locator("[data-screen=duty]")).ToBeVisibleAsync();
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Shanghai).DateTime;
        var onDuty = (await board.ListAsync("duty-shifts"))
            .Where(s => DateTime.Parse(s!["start"]!.GetValue<string>()) <= local && local < DateTime.Parse(s["end"]!.GetValue<string>()))
            .Select(s => s!["personName"]!.GetValue<string>()).ToList();
        var dutyText = await page.Locator("[data-screen=duty] .duty-column").First.InnerTextAsync();
        foreach (var name in onDuty)
        {
            Assert.Contains(name, dutyText);
        }
        if (onDuty.Count == 0)
        {
            Assert.Contains("当前无人值班", dutyText);
        }

        var hotline = (await board.ListAsync("hotlines")).First(h => h!["category"]!.GetValue<string>() == "property");
        var number = hotline!["number"]!.GetValue<string>();
        await page.Locator($"[data-screen=duty] [data-hotline-id='{hotline["id"]!.GetValue<string>()}'] .dial").ClickAsync();
        var dial = page.Locator("[data-overlay=dial]");
        await Assertions.Expect(dial).ToBeVisibleAsync();
        await Assertions.Expect(dial.Locator(".dial-number")).ToHaveTextAsync(number);
        var qr = dial.Locator(".qr-code");
        await Assertions.Expect(qr).ToHaveJSPropertyAsync("complete", true);
        var png = Path.Combine(DemoBoard.Artifacts, "qr-dial.png");
        await qr.ScreenshotAsync(new() { Path = png });
        Assert.Equal("tel:" + number.Replace("-", ""), await DemoBoard.DecodeQrAsync(png));
        await dial.Locator("[data-action=close]").ClickAsync();
        await Assertions.Expect(dial).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Activities_and_supplies_show_what_was_published()
    {
        var page = await board.OpenAsync();
        await page.Locator(".tile-activities").ClickAsync();
        await Assertions.Expect(page.Locator("[data-screen=activities]")).ToBeVisibleAsync();
        await page.Locator("[data-tab=week]").ClickAsync();
        var week = await ReadAllPagesAsync(page, "activities-week");
        var titles = (await board.ListAsync("activities")).Select(a => a!["title"]!.GetValue<string>()).ToList();
        Assert.True(titles.Count(week.Contains) >= titles.Count / 2, $"this week's list shows too few activities:\n{week}");
        var rooms = (await board.ListAsync("activities")).Where(a => a!["room"] is not null).Select(a => a!["room"]!.GetValue<string>());
        Assert.Contains(rooms, week.Contains);

        await page.Locator("[data-screen=activities] [data-action=home]").ClickAsync();
        await page.Locator(".tile-supplies").ClickAsync();
        await Assertions.Expect(page.Locator("[data-screen=supplies]")).ToBeVisibleAsync();
        var supplies = await ReadAllPagesAsync(page, "supplies");
        foreach (var supply in await board.ListAsync("supplies"))
        {
            Assert.Contains(supply!["item"]!.GetValue<string>(), supplies);
            Assert.Contains(supply!["quantity"]!.GetValue<int>() + (supply["unit"]?.GetValue<string>() ?? ""), supplies);
        }
        await AssertNoScrollbarsAsync(page);
    }

    [Fact]
    public async Task A_change_published_appears_on_the_open_panel_without_reload_blank_frame_or_losing_the_place()
    {
        var page = await board.OpenAsync();
        var reloads = 0;
        page.Load += (_, _) => reloads++;
        await page.Locator(".tile-notices").ClickAsync();
        var target = (await board.ListAsync("notices")).First(n => n!["priority"]!.GetValue<string>() == "pinned");
        var id = target!["id"]!.GetValue<string>();
        await page.Locator($".notice-list [data-notice='{id}']").ClickAsync();
        var detail = page.Locator($"[data-notice-detail='{id}']");
        await Assertions.Expect(detail).ToBeVisibleAsync();
        // Watch every animation frame for a moment with nothing on screen.
        await page.EvaluateAsync("""
            () => { window.blankFrames = 0; const check = () => { if (!document.querySelector('#board .screen:not([hidden])')) window.blankFrames++; requestAnimationFrame(check); }; requestAnimationFrame(check); }
            """);
        var renders = await page.EvaluateAsync<int>("() => signageBoard.stats.renders");

        var changed = target.DeepClone().AsObject();
        changed["body"] = "缴费时间延长至本月底。物业服务中心周末照常办公。";
        await board.Admin.PutJsonAsync($"/api/notices/{id}", changed);

        await Assertions.Expect(detail.Locator(".notice-body")).ToContainTextAsync("缴费时间延长至本月底", new() { Timeout = 10_000 });
        await Assertions.Expect(detail).ToBeVisibleAsync();
        Assert.Equal("notices", await page.EvaluateAsync<string>("() => signageBoard.state.screen"));
        Assert.True(await page.EvaluateAsync<int>("() => signageBoard.stats.renders") > renders);
        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.blankFrames"));
        Assert.Equal(0, reloads);
    }

    [Fact]
    public async Task Markup_in_a_notice_shows_as_text_and_nothing_runs()
    {
        var page = await board.OpenAsync();
        var dialogs = 0;
        var errors = new List<string>();
        page.Dialog += async (_, dialog) => { dialogs++; await dialog.DismissAsync(); };
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);
        const string title = "<script>alert('title')</script>停水 &amp; 停电";
        const string body = "<img src=x onerror=alert('img')> &lt;b&gt;加粗&lt;/b&gt; <b onclick=alert(1)>点我</b> &#x5B89;";
        await board.Admin.PublishAsync("notices", new { id = "n-hostile", title, body, priority = "urgent", target = new { placeId = "compound-dangui" } });
        await page.Locator(".tile-notices").ClickAsync();
        var item = page.Locator(".notice-list [data-notice='n-hostile']");
        await Assertions.Expect(item).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await item.ClickAsync();
        var detail = page.Locator("[data-notice-detail='n-hostile']");
        await Assertions.Expect(detail.Locator(".detail-title")).ToHaveTextAsync(title);
        await Assertions.Expect(detail.Locator(".notice-body p").First).ToHaveTextAsync(body);
        Assert.Equal(0, await page.Locator("#board script, #board img[src=x], #board b").CountAsync());
        await page.WaitForTimeoutAsync(500);
        Assert.Equal(0, dialogs);
        Assert.Empty(errors);
        await board.Admin.DeleteAsync("/api/notices/n-hostile");
    }

    [Fact]
    public async Task Pinyin_goes_above_the_characters_with_the_right_reading_for_common_words()
    {
        await board.Admin.PublishAsync("notices", new { id = "n-pinyin", title = "银行门口行人注意", body = "重庆路长辈活动中心", priority = "urgent", target = new { placeId = "compound-dangui" } });
        var page = await board.OpenAsync();
        await page.Locator(".tile-notices").ClickAsync();
        await page.Locator(".notice-list [data-notice='n-pinyin']").ClickAsync();
        await page.Locator("[data-action=a11y]").First.ClickAsync();
        await page.Locator("[data-overlay=a11y] [data-setting=pinyin][data-value='1']").ClickAsync();
        await page.Locator("[data-overlay=a11y] [data-action=close]").ClickAsync();
        var detail = page.Locator("[data-notice-detail='n-pinyin']");
        await Assertions.Expect(detail.Locator("ruby").First).ToBeVisibleAsync(new() { Timeout = 10_000 });
        var readings = await detail.Locator(".detail-title ruby").EvaluateAllAsync<string[]>("rs => rs.map(r => r.firstChild.textContent + ':' + r.querySelector('rt').textContent)");
        Assert.Contains("银:yín", readings);
        Assert.Contains("行:háng", readings);   // 银行
        Assert.Contains("行:xíng", readings);   // 行人
        var body = await detail.Locator(".notice-body ruby").EvaluateAllAsync<string[]>("rs => rs.map(r => r.firstChild.textContent + ':' + r.querySelector('rt').textContent)");
        Assert.Contains("重:chóng", body);      // 重庆
        Assert.Contains("长:zhǎng", body);      // 长辈
        await page.ScreenshotAsync(new() { Path = Path.Combine(DemoBoard.Artifacts, "pinyin.png") });
        await board.Admin.DeleteAsync("/api/notices/n-pinyin");
    }

    [Fact]
    public async Task Elder_mode_is_one_tap_from_every_screen_and_read_aloud_speaks_the_screen()
    {
        var page = await board.OpenAsync();
        foreach (var screen in new[] { "home", "roster", "activities", "duty", "notices", "supplies" })
        {
            if (screen != "home")
            {
                await page.EvaluateAsync("() => document.querySelector('[data-screen]:not([hidden]) [data-action=home]')?.click()");
                await page.Locator($".tile-{screen}").ClickAsync();
            }
            var elder = page.Locator("[data-action=elder]");
            await Assertions.Expect(elder).ToBeVisibleAsync();
            await elder.ClickAsync();
            Assert.True(await page.EvaluateAsync<double>("() => parseFloat(getComputedStyle(document.querySelector('#board .panel-title, #board .tile-hint')).fontSize)") >= 36);
            await elder.ClickAsync();
        }

        // Read aloud: the visible screen goes to the kiosk host's speech endpoint; a touch stops it.
        var request = page.WaitForRequestAsync(r => r.Url.EndsWith("/speech") && r.Method == "POST");
        await page.Locator("[data-action=speak]").ClickAsync();
        var sent = JsonNode.Parse((await request).PostData!)!;
        Assert.Contains("应急物资", sent["text"]!.GetValue<string>());
        var speak = page.Locator("[data-action=speak]");
        await Assertions.Expect(speak).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("active"));
        await page.Locator("[data-screen=supplies] .panel-title").ClickAsync();
        await Assertions.Expect(speak).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("active"));
    }
}
