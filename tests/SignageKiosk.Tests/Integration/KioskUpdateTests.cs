using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Controller.Updates;
using SignageKiosk.Shared.Sync;
using SignageKiosk.Shared.Updates;
using SignageKiosk.Tests.Support;
using Xunit.Abstractions;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// The kiosk builds the update tests install: an operator key pair (and another one), and bundles made once for the
/// class (linux-x64 natives only): "2.0.0-ota", the kiosk compiled again from the checkout as that version and signed
/// with openssl as docs/updates.md says, and "2.0.1-broken", whose entry assembly is not an assembly, so it crashes at
/// start. The test build's kiosk is the packaged app, build 1.
/// </summary>
public sealed class KioskBuilds : IAsyncLifetime
{
    public const string GoodVersion = "2.0.0-ota";
    public const string BrokenVersion = "2.0.1-broken";

    private readonly ECDsa _operator = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _other = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public string Folder { get; } = Repo.TempDirectory("kiosk-builds");
    public string PublicKeyPath => Path.Combine(Folder, "operator.pub.pem");
    public byte[] Good { get; private set; } = [];
    public byte[] GoodSignature { get; private set; } = [];
    public byte[] GoodSignedByAnother { get; private set; } = [];
    public byte[] Broken { get; private set; } = [];
    public byte[] BrokenSignature { get; private set; } = [];
    public string GoodSha => Convert.ToHexStringLower(SHA256.HashData(Good));
    public string BrokenSha => Convert.ToHexStringLower(SHA256.HashData(Broken));

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(PublicKeyPath, _operator.ExportSubjectPublicKeyInfoPem());
        var privateKey = Path.Combine(Folder, "operator.pem");
        await File.WriteAllTextAsync(privateKey, _operator.ExportPkcs8PrivateKeyPem());

        var app = Path.Combine(Folder, "app");
        CopyApp(await CompileKioskAsync(GoodVersion), app);
        var good = Path.Combine(Folder, "good.tar.gz");
        await using (var file = File.Create(good))
        {
            await BuildBundle.PackAsync(app, GoodVersion, file, CancellationToken.None);
        }
        Good = await File.ReadAllBytesAsync(good);
        // The documented signing command: openssl writes the DER signature of the file's SHA-256.
        var openssl = Process.Start(new ProcessStartInfo("openssl", ["dgst", "-sha256", "-sign", privateKey, "-out", good + ".sig", good]) { RedirectStandardError = true })!;
        await openssl.WaitForExitAsync();
        Assert.True(openssl.ExitCode == 0, await openssl.StandardError.ReadToEndAsync());
        GoodSignature = await File.ReadAllBytesAsync(good + ".sig");
        GoodSignedByAnother = BuildBundle.Sign(_other, SHA256.HashData(Good));

        await File.WriteAllTextAsync(Path.Combine(app, BuildBundle.EntryName), "this is not an assembly: the build crashes at start");
        using var broken = new MemoryStream();
        await BuildBundle.PackAsync(app, BrokenVersion, broken, CancellationToken.None);
        Broken = broken.ToArray();
        BrokenSignature = BuildBundle.Sign(_operator, SHA256.HashData(Broken));
    }

    /// <summary>
    /// Compiles the kiosk and its shared library again from the checkout's sources, as version <paramref name="version"/>,
    /// in a folder of this fixture's own (the checkout's build is left as it is), and returns the build's output: build 2
    /// runs other binaries than build 1, not build 1 under another manifest (the kiosk's /healthz says which as <c>build</c>).
    /// </summary>
    private async Task<string> CompileKioskAsync(string version)
    {
        var source = Directory.CreateDirectory(Path.Combine(Folder, "src")).FullName;
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", ".editorconfig" })
        {
            File.Copy(Path.Combine(Repo.Root, file), Path.Combine(source, file));
        }
        // The projects and what they take from outside their folders (the board layouts are embedded from content/).
        foreach (var project in new[] { "hosting", "shared", "kiosk", "content/layouts" })
        {
            CopySources(Path.Combine(Repo.Root, project), Path.Combine(source, project));
        }
        var configuration = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(Repo.KioskDll)!)!);
        var build = new ProcessStartInfo("dotnet", ["build", Path.Combine(source, "kiosk", "SignageKiosk.Kiosk.csproj"), "--nologo", "-v", "quiet", "-c", configuration,
            $"-p:InformationalVersion={version}", "-p:IncludeSourceRevisionInInformationalVersion=false"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(build)!;
        var log = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"the kiosk did not compile as {version}: {await log}{await errors}");
        return Path.Combine(source, "kiosk", "bin", configuration, "net10.0");
    }

    /// <summary>The kiosk's build output without the other platforms' native libraries (a tenth of the size).</summary>
    private static void CopyApp(string from, string to) =>
        CopyTree(from, to, relative => !relative.StartsWith("runtimes/", StringComparison.Ordinal)
            || relative.StartsWith("runtimes/linux-x64/", StringComparison.Ordinal) || relative.StartsWith("runtimes/unix/", StringComparison.Ordinal));

    /// <summary>A project's folder without its build outputs (bin/, obj/).</summary>
    private static void CopySources(string from, string to) =>
        CopyTree(from, to, relative => !relative.StartsWith("bin/", StringComparison.Ordinal) && !relative.StartsWith("obj/", StringComparison.Ordinal));

    private static void CopyTree(string from, string to, Func<string, bool> keep)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (!keep(relative))
            {
                continue;
            }
            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public Task DisposeAsync()
    {
        _operator.Dispose();
        _other.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>
/// Over-the-air updates end to end (issue 18, decision 0051): a real controller, real kiosk processes started through
/// the supervisor script, real downloads and restarts. A staged rollout (test station, then the community) that waits for
/// the first stage and for a pause; a broken build rolled back by the kiosk and shown on the fleet page; builds signed by
/// another key refused by the controller that knows the key and by the kiosk when a controller without it passes one on;
/// a build changed on the controller's disk refused by the kiosk.
/// </summary>
[RunsFor(60)]
public sealed class KioskUpdateTests(KioskBuilds builds, ITestOutputHelper output) : IClassFixture<KioskBuilds>
{
    private async Task<KioskProcess> StartKioskAsync(string name, string controllerUrl, string credential)
    {
        var kiosk = new KioskProcess(name, controllerUrl, credential, new()
        {
            ["Updates:PublicKeyPath"] = builds.PublicKeyPath,
            // Room for a restart on a busy test machine; a crash at start is rolled back at once anyway.
            ["Updates:TrialSeconds"] = "180",
        })
        { Supervised = true };
        await kiosk.StartAsync();
        return kiosk;
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient admin, byte[] bundle, byte[] signature)
    {
        var content = new ByteArrayContent(bundle);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/gzip");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/updates/builds") { Content = content };
        request.Headers.Add(UpdateEndpoints.SignatureHeader, Convert.ToBase64String(signature));
        return await admin.SendAsync(request);
    }

    private static async Task<JsonObject> RolloutAsync(HttpClient admin, long id) => (await admin.GetFromJsonAsync<JsonObject>($"/api/updates/rollouts/{id}"))!;

    private static JsonObject KioskIn(JsonObject rollout, string kioskId) =>
        rollout["kiosks"]!.AsArray().Single(k => k!["kioskId"]!.GetValue<string>() == kioskId)!.AsObject();

    private static string? StepOf(JsonObject rollout, string kioskId) => KioskIn(rollout, kioskId)["step"]?.GetValue<string>();

    private static async Task<JsonObject> UntilStateAsync(HttpClient admin, long id, string state, Func<string> logs)
    {
        try
        {
            return await Eventually.Until(() => RolloutAsync(admin, id), r => r["state"]!.GetValue<string>() == state, $"rollout {id} to be {state}", TimeSpan.FromMinutes(3), 200);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(e.Message + "\n" + logs(), e);
        }
    }

    private static async Task<string> VersionAsync(HttpClient admin, string kioskId) =>
        (await admin.GetFromJsonAsync<JsonObject>("/api/fleet/" + kioskId))!["softwareVersion"]?.GetValue<string>() ?? "";

    /// <summary>A staff page in Debian's Chromium, into docs/images: the fleet page with the rollout paused, the updates page.</summary>
    private static async Task ScreenshotAsync(string controllerUrl, string path = "/admin/fleet", string section = "#rollouts", string file = "fleet-rollout.png")
    {
        var (playwright, browser) = await Browser.LeaseAsync();
        try
        {
            var page = await browser.SignInToStaffPagesAsync(controllerUrl, "admin", ControllerHost.AdminPassword, 1280, 900);
            await page.GotoAsync(controllerUrl + path);
            await page.Locator(section).ScrollIntoViewIfNeededAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(Repo.Root, "docs", "images", file), FullPage = true });
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    [Fact]
    public async Task A_staged_rollout_waits_for_its_test_station_and_a_pause_and_a_broken_build_is_rolled_back_by_the_kiosk()
    {
        await using var controller = ControllerHost.Start("ota", settings: new() { ["Updates:PublicKeyPath"] = builds.PublicKeyPath });
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        (await admin.DeleteAsync("/api/kiosks/kiosk-a1")).EnsureSuccessStatusCode();   // two screens are enough here

        // A controller that knows the operator's key refuses a build signed by another one, and keeps nothing.
        using (var refused = await UploadAsync(admin, builds.Good, builds.GoodSignedByAnother))
        {
            Assert.Equal(HttpStatusCode.UnprocessableContent, refused.StatusCode);
            var problem = (await refused.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Contains("签名与运维公钥不符", problem["detail"]!.GetValue<string>());
            Assert.Equal("signature", problem["field"]!.GetValue<string>());
        }
        Assert.Empty((await admin.GetFromJsonAsync<JsonArray>("/api/updates/builds"))!);
        using (var uploaded = await UploadAsync(admin, builds.Good, builds.GoodSignature))
        {
            Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
            var build = (await uploaded.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal(KioskBuilds.GoodVersion, build["version"]!.GetValue<string>());
            Assert.Equal(builds.GoodSha, build["sha256"]!.GetValue<string>());
        }

        // The community's kiosk runs; the test station's is off. Stage 1 is the test station, stage 2 the community.
        await using var community = await StartKioskAsync("ota-a", controller.Url, world.Credentials["kiosk-a"]);
        await community.WaitForSeqAsync(await admin.HeadAsync());
        var packagedVersion = await Eventually.Until(() => VersionAsync(admin, "kiosk-a"), v => v.Length > 0, "kiosk-a's version");
        Assert.DoesNotContain(KioskBuilds.GoodVersion, packagedVersion);
        Assert.NotEqual(KioskBuilds.GoodVersion, (await community.HealthAsync())["build"]!.GetValue<string>());
        var created = await admin.PostJsonAsync("/api/updates/rollouts", new { build = builds.GoodSha, stages = new[] { "station-b", TestWorld.Community }, maxAtOnce = 1 });
        var id = created["id"]!.GetValue<long>();
        Assert.Equal("active", created["state"]!.GetValue<string>());
        Assert.Equal(0, KioskIn(created, "kiosk-b")["stage"]!.GetValue<int>());
        Assert.Equal(1, KioskIn(created, "kiosk-a")["stage"]!.GetValue<int>());

        // Not the community's turn while the test station has not reported healthy: the rule the hub answers with.
        var rollouts = controller.Services.GetRequiredService<RolloutStore>();
        Assert.Null(await rollouts.OfferAsync("kiosk-a", DateTimeOffset.UtcNow, CancellationToken.None));
        Assert.Null(StepOf(await RolloutAsync(admin, id), "kiosk-a"));

        // Paused, the test station is not offered the build either when it comes on.
        var paused = await admin.PostJsonAsync($"/api/updates/rollouts/{id}/pause", new { });
        Assert.Equal("paused", paused["state"]!.GetValue<string>());
        using (var again = await admin.PostAsync($"/api/updates/rollouts/{id}/pause", null))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            Assert.Contains("无法暂停", (await again.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>());
        }
        await using var testStation = await StartKioskAsync("ota-b", controller.Url, world.Credentials["kiosk-b"]);
        await testStation.WaitForSeqAsync(await admin.HeadAsync());
        Assert.Null(await rollouts.OfferAsync("kiosk-b", DateTimeOffset.UtcNow, CancellationToken.None));
        Assert.Null(StepOf(await RolloutAsync(admin, id), "kiosk-b"));
        using (var staff = new StaffBrowserClient(controller.Url))
        {
            await staff.SignInAsync("admin", ControllerHost.AdminPassword);
            var page = await (await staff.GetAsync("/admin/fleet")).Content.ReadAsStringAsync();
            Assert.Contains($"data-rollout-id=\"{id}\" data-rollout-state=\"paused\"", page);
            Assert.Contains("继续发布", page);
        }
        await ScreenshotAsync(controller.Url);

        // Resumed: the test station first, then the community, each restarted into the new build and healthy.
        await admin.PostJsonAsync($"/api/updates/rollouts/{id}/resume", new { });
        var done = await UntilStateAsync(admin, id, "completed", () => testStation.Output + community.Output);
        Assert.Equal("healthy", StepOf(done, "kiosk-b"));
        Assert.Equal("healthy", StepOf(done, "kiosk-a"));
        Assert.True(KioskIn(done, "kiosk-b")["updatedAt"]!.GetValue<DateTimeOffset>() <= KioskIn(done, "kiosk-a")["updatedAt"]!.GetValue<DateTimeOffset>());
        // The fleet's versions come from each hello, written with the acks (a flush away).
        foreach (var kioskId in new[] { "kiosk-b", "kiosk-a" })
        {
            await Eventually.Until(() => VersionAsync(admin, kioskId), v => v == KioskBuilds.GoodVersion, kioskId + " on 2.0.0-ota in the fleet");
        }
        Assert.Equal("a\n", await File.ReadAllTextAsync(Path.Combine(community.UpdatesDirectory, "current")));
        Assert.Contains("Build 2.0.0-ota in slot a is healthy: kept", community.Output);
        // Build 2's own binaries run, not build 1's under build 2's manifest.
        Assert.Equal(KioskBuilds.GoodVersion, (await community.HealthAsync())["build"]!.GetValue<string>());
        Assert.Equal(KioskBuilds.GoodVersion, (await testStation.HealthAsync())["build"]!.GetValue<string>());
        // Still the board and still in sync, now from the new build.
        var seq = await admin.PublishAsync("notices", TestWorld.Notice("n-after-update", "更新后收到的通知", TestWorld.CompoundA));
        await community.WaitForSeqAsync(seq);
        Assert.Contains("更新后收到的通知", await community.BoardAsync());

        // The broken build: the kiosk installs it, it crashes at start, the supervisor goes back to 2.0.0-ota, which
        // reports the rollback; the rollout stops itself.
        using (var uploaded = await UploadAsync(admin, builds.Broken, builds.BrokenSignature))
        {
            Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        }
        var brokenRollout = (await admin.PostJsonAsync("/api/updates/rollouts", new { build = builds.BrokenSha, stages = new[] { "kiosk-a" } }))["id"]!.GetValue<long>();
        var stopped = await UntilStateAsync(admin, brokenRollout, "stopped", () => community.Output);
        Assert.Equal("rolledBack", StepOf(stopped, "kiosk-a"));
        var reason = KioskIn(stopped, "kiosk-a")["detail"]!.GetValue<string>();
        Assert.Contains("已回滚到 2.0.0-ota", reason);
        Assert.Contains("before it was healthy", reason);
        Assert.Equal(KioskBuilds.GoodVersion, await Eventually.Until(() => VersionAsync(admin, "kiosk-a"), v => v == KioskBuilds.GoodVersion, "kiosk-a back on 2.0.0-ota"));
        Assert.Equal("a\n", await File.ReadAllTextAsync(Path.Combine(community.UpdatesDirectory, "current")));
        Assert.Contains("kiosk-launch: rolled back to a: exited with code", community.Output);
        Assert.True(community.IsRunning);
        await community.WaitForSeqAsync(await admin.HeadAsync());
        Assert.Equal(KioskBuilds.GoodVersion, (await community.HealthAsync())["build"]!.GetValue<string>());

        using (var staff = new StaffBrowserClient(controller.Url))
        {
            await staff.SignInAsync("admin", ControllerHost.AdminPassword);
            var page = await (await staff.GetAsync("/admin/fleet")).Content.ReadAsStringAsync();
            Assert.Contains($"data-rollout-id=\"{brokenRollout}\" data-rollout-state=\"stopped\"", page);
            Assert.Contains("已自动停止", page);
            Assert.Contains($"data-rollout-id=\"{id}\" data-rollout-state=\"completed\"", page);
            Assert.Contains("data-kiosk-id=\"kiosk-a\"><span class=\"tag urgent\">已回滚</span>", page);
            Assert.Contains("data-version=\"2.0.0-ota\"", page);
            Assert.Contains("data-update-step=\"RolledBack\"", page);
        }
        output.WriteLine(community.Output);
    }

    [Fact]
    public async Task A_build_signed_by_another_key_or_changed_on_the_controller_is_refused_and_reported_by_the_kiosk()
    {
        // This controller has no key: it stores what staff upload, and the kiosks' check is the only one.
        await using var controller = ControllerHost.Start("ota-nokey");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await using var kiosk = await StartKioskAsync("ota-refuse", controller.Url, world.Credentials["kiosk-b"]);
        await kiosk.WaitForSeqAsync(await admin.HeadAsync());
        var packaged = await Eventually.Until(() => VersionAsync(admin, "kiosk-b"), v => v.Length > 0, "kiosk-b's version");

        using (var uploaded = await UploadAsync(admin, builds.Good, builds.GoodSignedByAnother))
        {
            Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        }
        var wrong = (await admin.PostJsonAsync("/api/updates/rollouts", new { build = builds.GoodSha, stages = new[] { "kiosk-b" } }))["id"]!.GetValue<long>();
        var stopped = await UntilStateAsync(admin, wrong, "stopped", () => kiosk.Output);
        Assert.Equal("refused", StepOf(stopped, "kiosk-b"));
        Assert.Contains("签名与本机的运维公钥不符", KioskIn(stopped, "kiosk-b")["detail"]!.GetValue<string>());

        // Signed right, then changed on the controller's disk: the kiosk fetches it, and its hash gives it away.
        using (var uploaded = await UploadAsync(admin, builds.Broken, builds.BrokenSignature))
        {
            Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        }
        var stored = Path.Combine(controller.DataDirectory, "builds", builds.BrokenSha);
        var bytes = await File.ReadAllBytesAsync(stored);
        bytes[bytes.Length / 2] ^= 0xff;
        await File.WriteAllBytesAsync(stored, bytes);
        var tampered = (await admin.PostJsonAsync("/api/updates/rollouts", new { build = builds.BrokenSha, stages = new[] { "kiosk-b" } }))["id"]!.GetValue<long>();
        stopped = await UntilStateAsync(admin, tampered, "stopped", () => kiosk.Output);
        Assert.Equal("refused", StepOf(stopped, "kiosk-b"));
        Assert.Contains($"SHA-256 is ", KioskIn(stopped, "kiosk-b")["detail"]!.GetValue<string>());

        // Nothing was installed: the kiosk runs its packaged build, untouched.
        Assert.False(Directory.Exists(Path.Combine(kiosk.UpdatesDirectory, "slots", "a")));
        Assert.False(File.Exists(Path.Combine(kiosk.UpdatesDirectory, "trial")));
        Assert.True(kiosk.IsRunning);
        Assert.Equal(packaged, await VersionAsync(admin, "kiosk-b"));
        Assert.Contains("Refused build 2.0.0-ota", kiosk.Output);
    }

    [Fact]
    public async Task A_kiosk_registered_after_the_rollout_was_made_joins_its_stage_and_one_in_no_stage_is_not_offered()
    {
        await using var controller = ControllerHost.Start("ota-late", settings: new() { ["Updates:PublicKeyPath"] = builds.PublicKeyPath });
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        using (var uploaded = await UploadAsync(admin, builds.Good, builds.GoodSignature))
        {
            Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        }
        // One stage, the station-a test station (kiosk-a, kiosk-a1); kiosk-b at station-b is in no stage.
        var created = await admin.PostJsonAsync("/api/updates/rollouts", new { build = builds.GoodSha, stages = new[] { "station-a" }, maxAtOnce = 5 });
        var id = created["id"]!.GetValue<long>();
        Assert.Equal(2, created["kiosks"]!.AsArray().Count);

        // A screen put up at the test station after the rollout was made is offered the build at its first question.
        var late = (await admin.PostJsonAsync("/api/kiosks", new { id = "kiosk-late", name = "新装的驿站屏", stationId = "station-a" }))["credential"]!.GetValue<string>();
        await using (var kiosk = await KioskHubClient.ConnectAsync(controller.Url, late))
        {
            var offer = await kiosk.Connection.InvokeAsync<UpdateOffer?>(SyncProtocol.CheckForUpdate);
            Assert.NotNull(offer);
            Assert.Equal((id, builds.GoodSha, KioskBuilds.GoodVersion), (offer.RolloutId, offer.Sha256, offer.Version));
        }
        var rollout = await RolloutAsync(admin, id);
        Assert.Equal(0, KioskIn(rollout, "kiosk-late")["stage"]!.GetValue<int>());
        Assert.Equal("offered", StepOf(rollout, "kiosk-late"));

        // A kiosk no stage takes is not offered it, asked twice (the second answer from memory), and does not join.
        await using (var outside = await KioskHubClient.ConnectAsync(controller.Url, world.Credentials["kiosk-b"]))
        {
            Assert.Null(await outside.Connection.InvokeAsync<UpdateOffer?>(SyncProtocol.CheckForUpdate));
            Assert.Null(await outside.Connection.InvokeAsync<UpdateOffer?>(SyncProtocol.CheckForUpdate));
        }
        rollout = await RolloutAsync(admin, id);
        Assert.DoesNotContain(rollout["kiosks"]!.AsArray(), k => k!["kioskId"]!.GetValue<string>() == "kiosk-b");
        Assert.Equal(3, rollout["kiosks"]!.AsArray().Count);
    }

    [Fact]
    public async Task An_old_build_is_removed_from_the_controller_once_no_rollout_offers_it_and_its_history_stays()
    {
        await using var controller = ControllerHost.Start("ota-remove", settings: new() { ["Updates:PublicKeyPath"] = builds.PublicKeyPath });
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        using (var uploaded = await UploadAsync(admin, builds.Good, builds.GoodSignature))
        {
            Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        }
        var stored = Path.Combine(controller.DataDirectory, "builds", builds.GoodSha);
        var id = (await admin.PostJsonAsync("/api/updates/rollouts", new { build = builds.GoodSha, stages = new[] { "kiosk-b" } }))["id"]!.GetValue<long>();

        // Not while the rollout offers it: a kiosk may be downloading it.
        using (var refused = await admin.DeleteAsync($"/api/updates/builds/{builds.GoodSha}"))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Contains("还在使用这个安装包", (await refused.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>());
        }
        Assert.True(File.Exists(stored));

        // kiosk-b takes it and reports healthy: the rollout completes, and then the bytes may go.
        await using (var kiosk = await KioskHubClient.ConnectAsync(controller.Url, world.Credentials["kiosk-b"]))
        {
            var offer = (await kiosk.Connection.InvokeAsync<UpdateOffer?>(SyncProtocol.CheckForUpdate))!;
            await kiosk.Connection.InvokeAsync(SyncProtocol.ReportUpdate, new UpdateReport { RolloutId = offer.RolloutId, Sha256 = offer.Sha256, Step = UpdateStep.Healthy });
        }
        Assert.Equal("completed", (await RolloutAsync(admin, id))["state"]!.GetValue<string>());
        using (var removed = await admin.DeleteAsync($"/api/updates/builds/{builds.GoodSha}"))
        {
            Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
            Assert.False((await removed.Content.ReadFromJsonAsync<JsonObject>())!["stored"]!.GetValue<bool>());
        }
        Assert.False(File.Exists(stored));
        var listed = Assert.Single((await admin.GetFromJsonAsync<JsonArray>("/api/updates/builds"))!)!;
        Assert.Equal((KioskBuilds.GoodVersion, false), (listed["version"]!.GetValue<string>(), listed["stored"]!.GetValue<bool>()));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/updates/builds/{builds.GoodSha}")).StatusCode);
        // The rollout and the version it brought stay readable; a new rollout of it waits for the file.
        Assert.Equal("healthy", StepOf(await RolloutAsync(admin, id), "kiosk-b"));
        using (var refused = await admin.PostAsJsonAsync("/api/updates/rollouts", new { build = builds.GoodSha, stages = new[] { "kiosk-b" } }))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Contains("请重新上传", (await refused.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>());
        }
        Assert.Contains("\"remove\"", await admin.GetStringAsync("/api/audit?kind=kiosk-builds"));

        // The same file uploaded again comes back under its old record.
        using (var again = await UploadAsync(admin, builds.Good, builds.GoodSignature))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.True((await again.Content.ReadFromJsonAsync<JsonObject>())!["stored"]!.GetValue<bool>());
        }
        Assert.Equal(builds.Good, await File.ReadAllBytesAsync(stored));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/updates/builds/{new string('0', 64)}")).StatusCode);
    }

    [Fact]
    public async Task A_build_removed_while_a_rollout_of_it_is_being_made_either_stays_for_the_rollout_or_the_rollout_is_refused()
    {
        // Two administrators at once: one removes the build, the other starts a rollout of it. Either the rollout is
        // made and the removal refused, or the bytes go and the rollout is refused; never a rollout offering bytes
        // that are gone, and never a build reported stored whose file a removal took at the same moment.
        await using var controller = ControllerHost.Start("ota-remove-race", settings: new() { ["Updates:PublicKeyPath"] = builds.PublicKeyPath });
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        var stored = Path.Combine(controller.DataDirectory, "builds", builds.GoodSha);
        await using var kiosk = await KioskHubClient.ConnectAsync(controller.Url, world.Credentials["kiosk-b"]);
        var (made, removed) = (0, 0);
        for (var round = 0; round < 12; round++)
        {
            using (var uploaded = await UploadAsync(admin, builds.Good, builds.GoodSignature))
            {
                Assert.True(uploaded.IsSuccessStatusCode, $"round {round}: upload answered {uploaded.StatusCode}");
            }
            var start = new TaskCompletionSource();
            var rolloutTask = Task.Run(async () =>
            {
                await start.Task;
                return await admin.PostAsJsonAsync("/api/updates/rollouts", new { build = builds.GoodSha, stages = new[] { "kiosk-b" } });
            });
            var removalTask = Task.Run(async () =>
            {
                await start.Task;
                return await admin.DeleteAsync($"/api/updates/builds/{builds.GoodSha}");
            });
            start.SetResult();
            using var rollout = await rolloutTask;
            using var removal = await removalTask;
            var outcome = $"round {round}: rollout {(int)rollout.StatusCode}, removal {(int)removal.StatusCode}, file {(File.Exists(stored) ? "there" : "gone")}";
            if (rollout.StatusCode == HttpStatusCode.Created)
            {
                made++;
                Assert.True(removal.StatusCode == HttpStatusCode.Conflict && File.Exists(stored), outcome);
                var id = (await rollout.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
                var offer = (await kiosk.Connection.InvokeAsync<UpdateOffer?>(SyncProtocol.CheckForUpdate))!;
                Assert.Equal((id, builds.GoodSha), (offer.RolloutId, offer.Sha256));
                // kiosk-b takes it and reports healthy, which ends the rollout for the next round.
                await kiosk.Connection.InvokeAsync(SyncProtocol.ReportUpdate, new UpdateReport { RolloutId = offer.RolloutId, Sha256 = offer.Sha256, Step = UpdateStep.Healthy });
                Assert.Equal("completed", (await RolloutAsync(admin, id))["state"]!.GetValue<string>());
            }
            else
            {
                removed++;
                Assert.True(rollout.StatusCode == HttpStatusCode.Conflict && removal.StatusCode == HttpStatusCode.OK && !File.Exists(stored), outcome);
                Assert.Contains("请重新上传", (await rollout.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>());
            }
        }
        output.WriteLine($"rollouts made first: {made}, removals first: {removed}");
    }

    [Fact]
    public async Task On_the_updates_page_an_administrator_uploads_a_signed_build_and_starts_a_rollout_and_a_wrongly_signed_one_is_refused()
    {
        await using var controller = ControllerHost.Start("ota-page", settings: new() { ["Updates:PublicKeyPath"] = builds.PublicKeyPath });
        using var admin = await controller.AdminAsync();
        await TestWorld.CreateAsync(admin);
        using var pages = new StaffBrowserClient(controller.Url);
        await pages.SignInAsync("admin", ControllerHost.AdminPassword);
        Assert.Contains("还没有上传过安装包", await (await pages.GetAsync("/admin/updates")).Content.ReadAsStringAsync());

        async Task<HttpResponseMessage> UploadFormAsync(byte[] signature)
        {
            var form = new MultipartFormDataContent
            {
                { new StringContent(await pages.TokenFromAsync("/admin/updates")), "__RequestVerificationToken" },
                { new ByteArrayContent(builds.Good), "bundle", "kiosk-2.0.0.tar.gz" },
                { new ByteArrayContent(signature), "signature", "kiosk-2.0.0.tar.gz.sig" },
            };
            return await pages.PostAsync("/admin/updates?handler=Upload", form);
        }

        // Signed by another key: refused on the page, in Chinese, and nothing is kept.
        using (var refused = await UploadFormAsync(builds.GoodSignedByAnother))
        {
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains("签名与运维公钥不符", await refused.Content.ReadAsStringAsync());
        }
        Assert.Empty((await admin.GetFromJsonAsync<JsonArray>("/api/updates/builds"))!);

        // The .sig file openssl wrote, as it is.
        using (var uploaded = await UploadFormAsync(builds.GoodSignature))
        {
            Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
            Assert.Equal("/admin/updates?done=uploaded", uploaded.Headers.Location!.OriginalString);
        }
        var page = await (await pages.GetAsync("/admin/updates")).Content.ReadAsStringAsync();
        Assert.Contains($"data-build=\"{builds.GoodSha}\" data-stored=\"true\"", page);
        Assert.Contains(KioskBuilds.GoodVersion, page);

        // A stage that is no place is refused with what was typed kept; a good one starts and shows on the fleet page.
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await pages.TokenFromAsync("/admin/updates"),
            ["Build"] = builds.GoodSha, ["Stages"] = "nowhere", ["MaxAtOnce"] = "2", ["FailureLimit"] = "1",
        };
        using (var refused = await pages.PostFormAsync("/admin/updates?handler=Rollout", fields))
        {
            var html = await refused.Content.ReadAsStringAsync();
            Assert.Contains("不是地点、驿站或屏幕编号", html);
            Assert.Contains(">nowhere</textarea>", html);
        }
        fields["Stages"] = "station-b\n" + TestWorld.Community;
        using (var started = await pages.PostFormAsync("/admin/updates?handler=Rollout", fields))
        {
            Assert.Equal("/admin/fleet#rollouts", started.Headers.Location!.OriginalString);
        }
        var rollout = Assert.Single((await admin.GetFromJsonAsync<JsonArray>("/api/updates/rollouts"))!)!;
        Assert.Equal(["station-b", TestWorld.Community], rollout["stages"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(2, rollout["maxAtOnce"]!.GetValue<int>());
        page = await (await pages.GetAsync("/admin/updates")).Content.ReadAsStringAsync();
        Assert.Contains("发布中", page);
        Assert.DoesNotContain("handler=Remove", page);   // not while the rollout offers it
        Assert.Contains($"发布 #{rollout["id"]!.GetValue<long>()} 尚未结束", page);
        Assert.DoesNotContain("handler=Rollout", page);
        await ScreenshotAsync(controller.Url, "/admin/updates", "#builds", "updates-page.png");

        // Not for other staff.
        await admin.PostJsonAsync("/api/users", new { username = "community-staff", password = "community-pw-1", role = "communityStaff", scopePlaceId = TestWorld.Community, mustChangePassword = false });
        using var staff = new StaffBrowserClient(controller.Url);
        await staff.SignInAsync("community-staff", "community-pw-1");
        Assert.NotEqual(HttpStatusCode.OK, (await staff.GetAsync("/admin/updates")).StatusCode);
    }

    /// <summary>The controller's clock, moved forward by the test.</summary>
    private sealed class MovableClock : TimeProvider
    {
        public TimeSpan Ahead { get; set; }
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Ahead;
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.PostgreSql)]
    public async Task The_next_stage_waits_its_set_time_after_the_test_station_is_healthy(StoreProvider store)
    {
        var clock = new MovableClock();
        await using var controller = ControllerHost.Start("ota-wait-" + store, settings: new() { ["Updates:PublicKeyPath"] = builds.PublicKeyPath },
            services: s => s.AddSingleton<TimeProvider>(clock), store: store);
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        using (var uploaded = await UploadAsync(admin, builds.Good, builds.GoodSignature))
        {
            Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        }
        using (var refused = await admin.PostAsJsonAsync("/api/updates/rollouts", new { build = builds.GoodSha, stages = new[] { "kiosk-b" }, stageWaitMinutes = -5 }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("stageWaitMinutes", (await refused.Content.ReadFromJsonAsync<JsonObject>())!["field"]!.GetValue<string>());
        }
        var id = (await admin.PostJsonAsync("/api/updates/rollouts", new { build = builds.GoodSha, stages = new[] { "kiosk-b", "kiosk-a" }, stageWaitMinutes = 60 }))["id"]!.GetValue<long>();

        await using var test = await KioskHubClient.ConnectAsync(controller.Url, world.Credentials["kiosk-b"]);
        await using var next = await KioskHubClient.ConnectAsync(controller.Url, world.Credentials["kiosk-a"]);
        var offer = (await test.Connection.InvokeAsync<UpdateOffer?>(SyncProtocol.CheckForUpdate))!;
        await test.Connection.InvokeAsync(SyncProtocol.ReportUpdate, new UpdateReport { RolloutId = id, Sha256 = offer.Sha256, Step = UpdateStep.Healthy });

        // The test station is healthy: the next stage opens an hour later, not now, and the fleet page says when.
        Assert.Null(await next.Connection.InvokeAsync<UpdateOffer?>(SyncProtocol.CheckForUpdate));
        var rollout = await RolloutAsync(admin, id);
        var opens = rollout["stageOpensAt"]!.GetValue<DateTimeOffset>();
        Assert.InRange(opens - clock.GetUtcNow(), TimeSpan.FromMinutes(58), TimeSpan.FromMinutes(60));
        Assert.Contains("下一阶段将于", await admin.GetStringAsync("/admin/fleet"));

        clock.Ahead = TimeSpan.FromMinutes(61);
        var late = await next.Connection.InvokeAsync<UpdateOffer?>(SyncProtocol.CheckForUpdate);
        Assert.Equal(builds.GoodSha, late?.Sha256);
        Assert.Equal("offered", StepOf(await RolloutAsync(admin, id), "kiosk-a"));
    }
}
