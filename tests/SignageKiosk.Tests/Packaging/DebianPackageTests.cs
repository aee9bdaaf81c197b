using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SignageKiosk.Tests.Integration;
using SignageKiosk.Tests.Support;
using Xunit.Abstractions;

namespace SignageKiosk.Tests.Packaging;

/// <summary>
/// The station packages (docs/packaging.md): built by packaging/build-debs.sh, unpacked into a scratch root, their
/// units verified by systemd-analyze, and the installed controller and kiosk run from there against each other.
/// The package build (two publishes) takes minutes: the class starts among the first (<see cref="RunsForAttribute"/>).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]   // Debian packages, dpkg-deb and systemd
[RunsFor(150)]
public sealed class DebianPackageTests(DebianPackages packages, ITestOutputHelper output) : IClassFixture<DebianPackages>
{
    private const string AdminPassword = "package-admin-pw";

    [Theory]
    [InlineData("controller", "/var/lib/signagekiosk-controller", "signagekiosk")]
    [InlineData("kiosk", "/var/lib/signagekiosk-kiosk", "signagekiosk-kiosk")]
    public async Task Each_package_holds_its_self_contained_app_its_settings_in_etc_and_makes_its_user(string app, string dataDirectory, string user)
    {
        output.WriteLine($"build-debs.sh --arch {DebianPackages.Arch}: {packages.BuildTime.TotalSeconds:F0} s");
        var info = await DebianPackages.RunAsync("dpkg-deb", ["-I", packages.Deb(app)]);
        Assert.Contains("Package: signagekiosk-" + app, info);
        Assert.Contains("Version: " + packages.Version, info);
        Assert.Contains("Architecture: " + DebianPackages.Arch, info);
        Assert.Matches(@"Depends: adduser, .*libicu", info);

        // The settings file is a conffile: an upgrade keeps the station's edits.
        Assert.Equal(["/etc/signagekiosk/" + app + ".json"], File.ReadAllLines(Path.Combine(packages.Control(app), "conffiles")));
        Assert.True(File.Exists(packages.Installed("/etc/signagekiosk/" + app + ".json")));
        var postinst = File.ReadAllText(Path.Combine(packages.Control(app), "postinst"));
        Assert.Contains($"adduser --system --group --home {dataDirectory}", postinst);
        Assert.Contains($"install -d -o {user} -g {user} -m 0750 {dataDirectory}", postinst);
        foreach (var script in new[] { "postinst", "prerm", "postrm" })
        {
            var mode = File.GetUnixFileMode(Path.Combine(packages.Control(app), script));
            Assert.True(mode.HasFlag(UnixFileMode.OtherExecute), $"{script} is not executable");
            await DebianPackages.RunAsync("sh", ["-n", Path.Combine(packages.Control(app), script)]);
        }

        // Self-contained: the runtime ships inside, and the app is a native x86-64 executable, not a dll for `dotnet`.
        var folder = packages.Installed("/usr/lib/signagekiosk/" + app);
        var program = Path.Combine(folder, app == "controller" ? "SignageKiosk.Controller" : "SignageKiosk.Kiosk");
        Assert.Equal("x86-64", InstalledKiosk.ElfMachine(program));
        Assert.True(File.GetUnixFileMode(program).HasFlag(UnixFileMode.OtherExecute));
        foreach (var native in new[] { "libcoreclr.so", "libe_sqlite3.so", "libSkiaSharp.so", "libHarfBuzzSharp.so" })
        {
            Assert.Equal("x86-64", InstalledKiosk.ElfMachine(Path.Combine(folder, native)));
        }
        var runtimeConfig = JsonNode.Parse(await File.ReadAllTextAsync(program + ".runtimeconfig.json"))!;
        Assert.NotNull(runtimeConfig["runtimeOptions"]!["includedFrameworks"]);
        Assert.Null(runtimeConfig["runtimeOptions"]!["framework"]);
        Assert.Null(runtimeConfig["runtimeOptions"]!["frameworks"]);

        // The unit: its own user, its data directory, settings from /etc, journald's format, hardened.
        var unit = await File.ReadAllTextAsync(packages.Installed($"/lib/systemd/system/signagekiosk-{app}.service"));
        Assert.Contains("User=" + user + "\n", unit);
        Assert.Contains("StateDirectory=" + Path.GetFileName(dataDirectory) + "\n", unit);
        Assert.Contains("ReadWritePaths=" + dataDirectory + "\n", unit);
        Assert.Contains($"Environment=SIGNAGEKIOSK_CONFIG=/etc/signagekiosk/{app}.json\n", unit);
        Assert.Contains("Environment=Logging__Console__FormatterName=systemd\n", unit);
        Assert.Contains("NoNewPrivileges=yes\n", unit);
        Assert.Contains("ProtectSystem=strict\n", unit);
        var settings = JsonNode.Parse(await File.ReadAllTextAsync(packages.Installed("/etc/signagekiosk/" + app + ".json")))!;
        Assert.Equal(dataDirectory, (app == "controller" ? settings["Storage"] : settings["Kiosk"])!["DataDirectory"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_kiosk_package_starts_the_board_in_an_x_session()
    {
        var session = await File.ReadAllTextAsync(packages.Installed("/usr/share/xsessions/signagekiosk.desktop"));
        Assert.Contains("Exec=/usr/lib/signagekiosk/kiosk/shell/session.sh", session);
        var script = packages.Installed("/usr/lib/signagekiosk/kiosk/shell/session.sh");
        await DebianPackages.RunAsync("bash", ["-n", script]);
        // It starts the kiosk shell installed beside it, in a scope with the board's memory budget (BoardSessionScriptTests).
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(Repo.Root, "packaging", "kiosk", "session.sh")), await File.ReadAllTextAsync(script));
        Assert.True(File.GetUnixFileMode(packages.Installed("/usr/lib/signagekiosk/kiosk/shell/start-kiosk.sh")).HasFlag(UnixFileMode.OtherExecute));
        Assert.Contains("autologin-session=signagekiosk", await File.ReadAllTextAsync(packages.Installed("/usr/share/doc/signagekiosk-kiosk/examples/lightdm-autologin.conf")));
    }

    [Fact]
    public async Task The_kiosk_unit_starts_the_host_through_its_update_supervisor()
    {
        // Over-the-air updates (docs/updates.md): the supervisor is the package's, never updated over the air.
        var unit = await File.ReadAllTextAsync(packages.Installed("/lib/systemd/system/signagekiosk-kiosk.service"));
        Assert.Contains("ExecStart=/usr/lib/signagekiosk/kiosk-launch\n", unit);
        Assert.Contains("Environment=SIGNAGEKIOSK_UPDATES=/var/lib/signagekiosk-kiosk/updates\n", unit);
        Assert.Contains("Environment=SIGNAGEKIOSK_APP=/usr/lib/signagekiosk/kiosk\n", unit);
        var launcher = packages.Installed("/usr/lib/signagekiosk/kiosk-launch");
        Assert.True(File.GetUnixFileMode(launcher).HasFlag(UnixFileMode.OtherExecute));
        await DebianPackages.RunAsync("bash", ["-n", launcher]);
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(Repo.Root, "packaging", "kiosk", "kiosk-launch")), await File.ReadAllTextAsync(launcher));
    }

    [Fact]
    public async Task The_units_pass_systemd_analyze_verify_in_the_scratch_root()
    {
        // verify resolves the units' dependencies (multi-user.target, sysinit.target…) in the root it is given: the
        // machine's own units beside the installed ones. ExecStart must exist there, so a wrong path fails.
        var system = packages.Installed("/usr/lib/systemd/system");
        Directory.CreateDirectory(system);
        foreach (var file in Directory.EnumerateFiles("/lib/systemd/system"))
        {
            var target = Path.Combine(system, Path.GetFileName(file));
            if (!File.Exists(target) && !Directory.Exists(target))
            {
                File.Copy(file, target);
            }
        }
        var said = await DebianPackages.RunAsync("systemd-analyze", ["verify", "--man=no", "--root=" + packages.Root,
            "signagekiosk-controller.service", "signagekiosk-kiosk.service"]);
        // It exits 0 on unknown keys and bad values too; any word from it is a finding.
        Assert.Equal("", said);
    }

    [Fact]
    public async Task The_installed_controller_and_kiosk_pair_and_a_notice_reaches_the_board()
    {
        var home = Repo.TempDirectory("installed");
        var controllerUrl = $"http://127.0.0.1:{Repo.FreePort()}";
        var controllerData = Path.Combine(home, "controller-data");
        var controllerSettings = (JsonObject)JsonNode.Parse(await File.ReadAllTextAsync(packages.Installed("/etc/signagekiosk/controller.json")))!;
        controllerSettings["Urls"] = controllerUrl;
        controllerSettings["Storage"]!["DataDirectory"] = controllerData;
        controllerSettings["Auth"] = new JsonObject { ["BootstrapAdminPassword"] = AdminPassword };
        Directory.CreateDirectory(Path.Combine(home, "controller"));
        await using var controller = await InstalledService.StartAsync(packages.Root, "signagekiosk-controller.service", controllerSettings, controllerUrl, Path.Combine(home, "controller"));

        // Settings came from the file alone: its port, its data directory, no demo community. Logs in journald's format, no colours.
        Assert.NotEmpty(Directory.GetFiles(controllerData));
        Assert.Contains("<6>Microsoft.Hosting.Lifetime[14] Now listening on: " + controllerUrl, controller.Output);
        Assert.DoesNotContain("\u001b[", controller.Output, StringComparison.Ordinal);
        // The runtime's settings from the EnvironmentFile the unit names reached the process (decision 0057): a 64 MB gen0
        // budget, not the 6 MB default, and room for 8,192 pooled arrays, not 32.
        Assert.Contains("gen0 budget up to 67108864 bytes", controller.Output);
        Assert.Contains("array pool 8192 arrays per size and core", controller.Output);
        using var admin = await ControllerHost.SignInAsync(new HttpClient { BaseAddress = new Uri(controllerUrl) }, "admin", AdminPassword);
        Assert.DoesNotContain("compound-dangui", await admin.GetStringAsync("/api/places"));
        await TestWorld.CreateAsync(admin);

        var kioskUrl = $"http://127.0.0.1:{Repo.FreePort()}";
        var kioskSettings = (JsonObject)JsonNode.Parse(await File.ReadAllTextAsync(packages.Installed("/etc/signagekiosk/kiosk.json")))!;
        kioskSettings["Urls"] = kioskUrl;
        kioskSettings["Kiosk"]!["ControllerUrl"] = controllerUrl;
        kioskSettings["Kiosk"]!["DataDirectory"] = Path.Combine(home, "kiosk-data");
        Directory.CreateDirectory(Path.Combine(home, "kiosk"));
        await using var kiosk = await InstalledService.StartAsync(packages.Root, "signagekiosk-kiosk.service", kioskSettings, kioskUrl, Path.Combine(home, "kiosk"));
        await InstalledKiosk.PairAndShowNoticeAsync(admin, kiosk, "kiosk-installed", packages.Version, TimeSpan.FromSeconds(30));

        // Through the supervisor: the self-contained packaged app, run as no slot is installed yet.
        Assert.False(File.Exists(Path.Combine(home, "kiosk", "updates", "current")));
    }
}
