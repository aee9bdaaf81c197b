using System.Net;
using Microsoft.Playwright;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Web;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.EndToEnd;

/// <summary>
/// The staff pages' shell (decision 0036): the menu by task shows each role exactly the pages it may open, folds
/// under 菜单 on a phone, and every page it leads to fits a 360-px-wide phone without scrolling sideways.
/// </summary>
public sealed class StaffPhoneTests
{
    private const string Password = "a-long-password";

    private static readonly (string User, StaffRole Role, string? Scope)[] Accounts =
    [
        ("admin", StaffRole.Admin, null),
        ("shequ", StaffRole.CommunityStaff, "community-xingfuli"),
        ("wuye", StaffRole.PropertyManager, "compound-dangui"),
        ("zhanzhang", StaffRole.StationMaster, "compound-dangui"),
    ];

    private static async Task CreateAccountsAsync(HttpClient admin)
    {
        foreach (var (user, role, scope) in Accounts.Where(a => a.Role != StaffRole.Admin))
        {
            var wire = char.ToLowerInvariant(role.ToString()[0]) + role.ToString()[1..];
            await admin.PostJsonAsync("/api/users", new { username = user, password = Password, role = wire, scopePlaceId = scope, mustChangePassword = false });
        }
    }

    private static string PasswordOf(string user) => user == "admin" ? ControllerHost.AdminPassword : Password;

    [Fact]
    public async Task Each_role_s_menu_shows_exactly_the_pages_it_may_open()
    {
        await using var controller = ControllerHost.Start("menu-by-role", demo: true);
        using var admin = await controller.AdminAsync();
        await CreateAccountsAsync(admin);
        var failures = new List<string>();
        foreach (var (user, role, _) in Accounts)
        {
            using var client = new StaffBrowserClient(controller.Url);
            await client.SignInAsync(user, PasswordOf(user));
            // The password page has no shortcuts of its own: every /admin link on it is the menu's.
            var html = await (await client.GetAsync("/admin/password")).Content.ReadAsStringAsync();
            foreach (var link in StaffMenu.All.SelectMany(g => g.Links))
            {
                var shown = html.Contains($"href=\"{link.Path}\"", StringComparison.Ordinal);
                using var response = await client.GetAsync(link.Path);
                var opens = response.StatusCode == HttpStatusCode.OK;
                if (shown != link.Allows(role))
                {
                    failures.Add($"{user}: {link.Path} shown={shown}, rule says {link.Allows(role)}");
                }
                if (shown != opens)
                {
                    failures.Add($"{user}: {link.Path} shown={shown} but GET answers {(int)response.StatusCode} {response.Headers.Location}");
                }
            }
        }
        Assert.Empty(failures);
        // The menu speaks English on request, like every staff page.
        using (var english = new StaffBrowserClient(controller.Url))
        {
            await english.SignInAsync("admin", ControllerHost.AdminPassword);
            using var _ = await english.GetAsync("/admin/lang/en?back=/admin");
            var html = await (await english.GetAsync("/admin/password")).Content.ReadAsStringAsync();
            Assert.Contains(">Publish</span>", html);
            Assert.Contains(">Audit log</a>", html);
            Assert.DoesNotContain("名册与值班", html);
        }
        // Groups by task, in this order, and a group with nothing a role may use is not shown at all.
        Assert.Equal(["publish", "roster", "screens", "residents", "admin"], StaffMenu.For(StaffRole.Admin).Select(g => g.Key));
        Assert.Equal(["publish", "roster", "screens", "residents"], StaffMenu.For(StaffRole.StationMaster).Select(g => g.Key));
    }

    [Fact]
    public async Task On_a_360_px_phone_the_menu_folds_and_opens_and_no_staff_page_scrolls_sideways()
    {
        await using var controller = ControllerHost.Start("staff-phone", demo: true);
        using var admin = await controller.AdminAsync();
        await CreateAccountsAsync(admin);
        var (playwright, browser) = await Browser.LeaseAsync();
        using var _ = playwright;
        await using var __ = browser;
        var failures = new List<string>();

        foreach (var (user, role, expectedArea) in new[] { ("admin", StaffRole.Admin, "全市"), ("zhanzhang", StaffRole.StationMaster, "青州市 / 城南区 / 幸福路街道 / 幸福里社区 / 丹桂苑小区") })
        {
            var context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                ViewportSize = new ViewportSize { Width = 360, Height = 740 },
                IsMobile = true,
                HasTouch = true,
            });
            var page = await context.NewPageAsync();
            await page.GotoAsync(controller.Url + "/admin/login");
            await page.FillAsync("#username", user);
            await page.FillAsync("#password", PasswordOf(user));
            await page.ClickAsync("button[type=submit]");
            // Commit, not load: the redirect's load event is not always reported (see Browser.SignInToStaffPagesAsync).
            await page.WaitForURLAsync("**/admin", new() { WaitUntil = WaitUntilState.Commit });

            // Own area first, named in words.
            await Assertions.Expect(page.Locator(".home-area .area-path")).ToHaveTextAsync(expectedArea);

            // Folded: no menu link shows until 菜单 is touched; then exactly this role's links.
            var menuLinks = page.Locator("header details.menu nav a");
            await Assertions.Expect(page.Locator("header details.menu > summary")).ToBeVisibleAsync();
            Assert.Equal(0, await VisibleCountAsync(menuLinks));
            await page.TapAsync("header details.menu > summary");
            await Assertions.Expect(menuLinks.First).ToBeVisibleAsync();
            var expected = StaffMenu.For(role).SelectMany(g => g.Links).Select(l => l.Path).Prepend("/admin").ToList();
            Assert.Equal(expected, await menuLinks.EvaluateAllAsync<string[]>("links => links.filter(a => a.offsetParent !== null).map(a => a.getAttribute('href'))"));
            Assert.True(await WidthAsync(page) <= 360, $"{user}: the open menu is {await WidthAsync(page)} px wide");
            if (role == StaffRole.StationMaster)
            {
                await page.ScreenshotAsync(new() { Path = Path.Combine(Repo.Root, "docs", "images", "staff-phone.png"), FullPage = true });
            }

            // Every page the menu leads to, and the forms behind the lists.
            var pages = expected.Concat(["/admin/password"])
                .Concat(expected.Contains("/admin/notices") ? ["/admin/notices/edit"] : [])
                .Concat(expected.Contains("/admin/activities") ? ["/admin/activities/edit"] : []);
            foreach (var path in pages)
            {
                var response = await page.GotoAsync(controller.Url + path);
                if (response?.Status != 200)
                {
                    failures.Add($"{user} {path}: {response?.Status}");
                    continue;
                }
                var width = await WidthAsync(page);
                if (width > 360)
                {
                    failures.Add($"{user} {path}: the page is {width} px wide");
                }
                // The buttons of the forms (outside a table, which scrolls by itself) lie within the width, so a thumb reaches them.
                var rights = await page.Locator("main button").EvaluateAllAsync<double[]>(
                    "buttons => buttons.filter(b => !b.closest('table') && b.offsetParent !== null).map(b => b.getBoundingClientRect().right)");
                if (rights.Length > 0 && rights.Max() > 360.5)
                {
                    failures.Add($"{user} {path}: a button ends at {rights.Max():0} px");
                }
            }
            if (role == StaffRole.Admin)
            {
                await page.GotoAsync(controller.Url + "/admin/audit");
                await page.ScreenshotAsync(new() { Path = Path.Combine(Repo.Root, "docs", "images", "staff-phone-audit.png") });
            }
            await context.CloseAsync();
        }
        Assert.Empty(failures);
    }

    private static Task<int> WidthAsync(IPage page) => page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");

    private static async Task<int> VisibleCountAsync(ILocator locator)
    {
        var count = 0;
        foreach (var item in await locator.AllAsync())
        {
            count += await item.IsVisibleAsync() ? 1 : 0;
        }
        return count;
    }
}
