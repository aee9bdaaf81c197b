using System.Text.Json.Nodes;
using SignageKiosk.Tests.Support;
using Xunit.Abstractions;

namespace SignageKiosk.Tests.Packaging;

/// <summary>
/// The arm64 kiosk package (many signage boxes are ARM), built by packaging/build-debs.sh and unpacked into a scratch
/// root, run on this x86-64 machine under Debian's qemu-user-static with Debian's arm64 libraries (.ci/setup): it pairs
/// with a controller and shows a notice, as the amd64 package does in <see cref="DebianPackageTests"/>. The controller is
/// the test build on x86-64, as a district's server would be beside ARM boxes. Emulated, the kiosk runs many times
/// slower than on a board, so the waits are long; what it proves is that the published arm64 app starts and works, not
/// how fast.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
[RunsFor(120)]
public sealed class Arm64KioskPackageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Emulator = "/usr/bin/qemu-aarch64-static";
    private readonly string _directory = Repo.TempDirectory("debs-arm64");
    private string Root => Path.Combine(_directory, "root");

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Emulator), $"{Emulator} is missing: .ci/setup installs qemu-user-static and Debian's arm64 libc");
        Assert.True(File.Exists("/lib/ld-linux-aarch64.so.1"), "Debian's arm64 libraries are missing (dpkg --add-architecture arm64; .ci/setup installs them)");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var debs = Path.Combine(_directory, "out");
        await DebianPackages.RunAsync("bash", [Path.Combine(Repo.Root, "packaging", "build-debs.sh"), "--arch", "arm64", "--apps", "kiosk", "--out", debs, "--compression", "zstd"], TimeSpan.FromMinutes(20));
        var deb = Assert.Single(Directory.GetFiles(debs, "*.deb"));
        Assert.EndsWith("_arm64.deb", deb);
        Assert.Equal("arm64", await DebianPackages.RunAsync("dpkg-deb", ["-f", deb, "Architecture"]));
        await DebianPackages.RunAsync("dpkg-deb", ["-x", deb, Root]);
        output.WriteLine($"arm64 kiosk package built and unpacked in {watch.Elapsed.TotalSeconds:0} s");
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A process of a failed test may still hold a file; the temp folder is left for the next clean-up.
        }
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_arm64_kiosk_package_starts_under_emulation_pairs_and_shows_a_notice()
    {
        const string program = "/usr/lib/signagekiosk/kiosk/SignageKiosk.Kiosk";
        var folder = Path.Combine(Root, "usr/lib/signagekiosk/kiosk");
        foreach (var file in new[] { "SignageKiosk.Kiosk", "libcoreclr.so", "libe_sqlite3.so", "libSkiaSharp.so" })
        {
            Assert.Equal("aarch64", InstalledKiosk.ElfMachine(Path.Combine(folder, file)));
        }

        await using var controller = ControllerHost.Start("arm64-kiosk");
        using var admin = await controller.AdminAsync();
        await TestWorld.CreateAsync(admin);

        var home = Repo.TempDirectory("installed-arm64");
        var kioskUrl = $"http://127.0.0.1:{Repo.FreePort()}";
        var settings = (JsonObject)JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Root, "etc/signagekiosk/kiosk.json")))!;
        settings["Urls"] = kioskUrl;
        settings["Kiosk"]!["ControllerUrl"] = controller.Url;
        settings["Kiosk"]!["DataDirectory"] = Path.Combine(home, "kiosk-data");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await using var kiosk = await InstalledService.StartAsync(Root, "signagekiosk-kiosk.service", settings, kioskUrl, home,
            emulator: Emulator, program: program, startTimeout: TimeSpan.FromMinutes(3));
        output.WriteLine($"emulated kiosk answered /healthz after {watch.Elapsed.TotalSeconds:0.0} s");
        await InstalledKiosk.PairAndShowNoticeAsync(admin, kiosk, "kiosk-arm64", DebianPackages.ReadVersion(), TimeSpan.FromMinutes(2));
        output.WriteLine($"paired and showing the notice after {watch.Elapsed.TotalSeconds:0.0} s");
    }
}
