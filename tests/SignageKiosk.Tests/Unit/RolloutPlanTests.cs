using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using SignageKiosk.Shared.Updates;
using SignageKiosk.Tests.Support;
using Step = SignageKiosk.Shared.Updates.UpdateStep;

namespace SignageKiosk.Tests.Unit;

/// <summary>The rollout rules (decision 0051): stages by place, the pace, the failure limit; and the build bundle's checks.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]   // file modes of unpacked builds
public sealed class RolloutPlanTests
{
    private static RolloutPlan.Member M(string id, int stage, Step? step = null) => new(id, stage, step);

    [Fact]
    public void A_kiosk_belongs_to_the_first_stage_that_holds_it_by_kiosk_station_or_place()
    {
        string[] stages = ["station-test", "community-1", RolloutPlan.Everything];
        Assert.Equal(0, RolloutPlan.StageOf(stages, "k1", "station-test", ["compound-a", "community-1", "city"]));
        Assert.Equal(1, RolloutPlan.StageOf(stages, "k2", "station-a", ["compound-a", "community-1", "city"]));
        Assert.Equal(2, RolloutPlan.StageOf(stages, "k3", "station-z", ["compound-z", "community-9", "city"]));
        Assert.Null(RolloutPlan.StageOf(["station-test", "community-1"], "k3", "station-z", ["compound-z", "community-9", "city"]));
        Assert.Equal(0, RolloutPlan.StageOf(["k3", "city"], "k3", "station-z", ["city"]));
    }

    [Fact]
    public void The_next_stage_is_offered_only_when_every_kiosk_before_it_is_healthy()
    {
        List<RolloutPlan.Member> members = [M("test", 0, Step.Installed), M("a", 1), M("b", 1)];
        Assert.False(RolloutPlan.ShouldOffer(RolloutState.Active, 10, members, "a"));
        Assert.True(RolloutPlan.ShouldOffer(RolloutState.Active, 10, members, "test"));   // offered again: it has not finished

        members[0] = M("test", 0, Step.Healthy);
        Assert.True(RolloutPlan.ShouldOffer(RolloutState.Active, 10, members, "a"));
        Assert.True(RolloutPlan.ShouldOffer(RolloutState.Active, 10, members, "b"));
        Assert.False(RolloutPlan.ShouldOffer(RolloutState.Paused, 10, members, "a"));
        Assert.False(RolloutPlan.ShouldOffer(RolloutState.Stopped, 10, members, "a"));
        Assert.False(RolloutPlan.ShouldOffer(RolloutState.Active, 10, members, "not-in-it"));

        // A failed kiosk holds its stage: the next place does not get the build.
        members[0] = M("test", 0, Step.RolledBack);
        Assert.False(RolloutPlan.ShouldOffer(RolloutState.Active, 10, members, "a"));
        Assert.False(RolloutPlan.ShouldOffer(RolloutState.Active, 10, members, "test"));
    }

    [Fact]
    public void The_next_stage_waits_its_time_after_the_last_healthy_kiosk_before_it()
    {
        var day = new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.FromHours(8));
        List<RolloutPlan.Member> members =
            [new("test-1", 0, Step.Healthy, day), new("test-2", 0, Step.Healthy, day.AddMinutes(30)), new("a", 1, null), new("b", 2, null)];
        var wait = TimeSpan.FromHours(24);
        Assert.Equal(day.AddMinutes(30) + wait, RolloutPlan.StageOpensAt(members, wait));
        Assert.False(RolloutPlan.ShouldOffer(RolloutState.Active, 10, members, "a", wait, day.AddHours(24)));
        Assert.True(RolloutPlan.ShouldOffer(RolloutState.Active, 10, members, "a", wait, day.AddMinutes(30) + wait));
        Assert.True(RolloutPlan.ShouldOffer(RolloutState.Active, 10, members, "a", TimeSpan.Zero, day));   // no wait: at once
        Assert.False(RolloutPlan.ShouldOffer(RolloutState.Active, 10, members, "b", wait, day.AddDays(30)));   // not its stage yet

        // The first stage waits for nothing, and a kiosk already on its way is offered again whatever the wait.
        List<RolloutPlan.Member> first = [new("test-1", 0, null), new("a", 1, null)];
        Assert.Null(RolloutPlan.StageOpensAt(first, wait));
        Assert.True(RolloutPlan.ShouldOffer(RolloutState.Active, 10, first, "test-1", wait, day));
        members[2] = new("a", 1, Step.Downloading, day.AddHours(1));
        Assert.True(RolloutPlan.ShouldOffer(RolloutState.Active, 10, members, "a", wait, day.AddHours(1)));

        Assert.Null(RolloutPlan.Problem(["x"], 1, 1, RolloutPlan.MaxStageWaitMinutes));
        Assert.Contains("stageWaitMinutes", RolloutPlan.Problem(["x"], 1, 1, RolloutPlan.MaxStageWaitMinutes + 1));
        Assert.Contains("stageWaitMinutes", RolloutPlan.Problem(["x"], 1, 1, -1));
    }

    [Fact]
    public void At_most_max_at_once_kiosks_are_on_their_way()
    {
        List<RolloutPlan.Member> members = [M("a", 0, Step.Downloading), M("b", 0, Step.Healthy), M("c", 0), M("d", 0)];
        Assert.True(RolloutPlan.ShouldOffer(RolloutState.Active, 2, members, "c"));
        members[2] = M("c", 0, Step.Offered);
        Assert.False(RolloutPlan.ShouldOffer(RolloutState.Active, 2, members, "d"));
        Assert.True(RolloutPlan.ShouldOffer(RolloutState.Active, 2, members, "c"));
        members[0] = M("a", 0, Step.Healthy);
        Assert.True(RolloutPlan.ShouldOffer(RolloutState.Active, 2, members, "d"));
    }

    [Fact]
    public void Failures_up_to_the_limit_stop_the_rollout_and_all_healthy_completes_it()
    {
        List<RolloutPlan.Member> members = [M("a", 0, Step.Refused), M("b", 0, Step.Healthy), M("c", 1)];
        Assert.Equal(RolloutState.Stopped, RolloutPlan.After(RolloutState.Active, 1, members));
        Assert.Equal(RolloutState.Active, RolloutPlan.After(RolloutState.Active, 2, members));
        Assert.Equal(RolloutState.Paused, RolloutPlan.After(RolloutState.Paused, 2, members));
        Assert.Equal(RolloutState.Completed, RolloutPlan.After(RolloutState.Active, 1, [M("a", 0, Step.Healthy), M("b", 1, Step.Healthy)]));
        Assert.Equal(RolloutState.Stopped, RolloutPlan.After(RolloutState.Stopped, 1, [M("a", 0, Step.Healthy)]));
    }

    [Fact]
    public void Steps_move_forward_only_and_a_final_one_stays()
    {
        Assert.True(RolloutPlan.Moves(null, Step.Downloading));
        Assert.True(RolloutPlan.Moves(Step.Offered, Step.Healthy));
        Assert.True(RolloutPlan.Moves(Step.Installed, Step.RolledBack));
        Assert.False(RolloutPlan.Moves(Step.Installed, Step.Downloading));
        Assert.False(RolloutPlan.Moves(Step.Downloading, Step.Downloading));
        Assert.False(RolloutPlan.Moves(Step.Healthy, Step.RolledBack));
        Assert.False(RolloutPlan.Moves(Step.RolledBack, Step.Healthy));
        Assert.False(RolloutPlan.Moves(null, Step.Offered));
    }

    [Theory]
    [InlineData(new string[0], 1, 1, "stages")]
    [InlineData(new[] { "*", "c1" }, 1, 1, "last stage")]
    [InlineData(new[] { "c1", "c1" }, 1, 1, "different")]
    [InlineData(new[] { "c1" }, 0, 1, "maxAtOnce")]
    [InlineData(new[] { "c1" }, 1, 0, "failureLimit")]
    public void Bad_rollout_settings_are_named(string[] stages, int maxAtOnce, int failureLimit, string expected)
    {
        Assert.Contains(expected, RolloutPlan.Problem(stages, maxAtOnce, failureLimit));
        Assert.Null(RolloutPlan.Problem(["station-test", "c1", "*"], 1, 1));
    }

    [Fact]
    public async Task A_bundle_round_trips_with_its_version_and_exec_bits_and_its_signature_checks_with_one_key_only()
    {
        var folder = Repo.TempDirectory("bundle-src");
        await File.WriteAllTextAsync(Path.Combine(folder, BuildBundle.EntryName), "not really an assembly");
        Directory.CreateDirectory(Path.Combine(folder, "sub"));
        await File.WriteAllTextAsync(Path.Combine(folder, "sub", "run.sh"), "#!/bin/sh\n");
        File.SetUnixFileMode(Path.Combine(folder, "sub", "run.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var bundle = new MemoryStream();
        await BuildBundle.PackAsync(folder, "2.1.0", bundle, CancellationToken.None);

        bundle.Position = 0;
        Assert.Equal("2.1.0", (await BuildBundle.InspectAsync(bundle, 1024 * 1024, CancellationToken.None)).Version);
        bundle.Position = 0;
        var target = Path.Combine(Repo.TempDirectory("bundle-out"), "slot");
        await BuildBundle.UnpackAsync(bundle, target, 1024 * 1024, CancellationToken.None);
        Assert.Equal("2.1.0", BuildBundle.ReadManifest(target)!.Version);
        Assert.True(File.GetUnixFileMode(Path.Combine(target, "sub", "run.sh")).HasFlag(UnixFileMode.UserExecute));
        Assert.False(File.GetUnixFileMode(Path.Combine(target, BuildBundle.EntryName)).HasFlag(UnixFileMode.UserExecute));

        bundle.Position = 0;
        await Assert.ThrowsAsync<InvalidDataException>(() => BuildBundle.InspectAsync(bundle, 10, CancellationToken.None));

        var hash = SHA256.HashData(bundle.ToArray());
        using var operatorKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var published = BuildBundle.PublicKey(operatorKey.ExportSubjectPublicKeyInfoPem(), out var problem);
        Assert.Null(problem);
        Assert.True(BuildBundle.Verify(published!, hash, BuildBundle.Sign(operatorKey, hash)));
        Assert.False(BuildBundle.Verify(published!, hash, BuildBundle.Sign(otherKey, hash)));
        var changed = (byte[])hash.Clone();
        changed[0] ^= 1;
        Assert.False(BuildBundle.Verify(published!, changed, BuildBundle.Sign(operatorKey, hash)));
        Assert.Null(BuildBundle.PublicKey("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----", out problem));
        Assert.NotNull(problem);
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("link")]
    public async Task A_bundle_reaching_outside_its_folder_or_holding_a_link_is_refused(string name)
    {
        using var bundle = new MemoryStream();
        await using (var gzip = new GZipStream(bundle, CompressionLevel.Fastest, leaveOpen: true))
        await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, BuildBundle.ManifestName) { DataStream = new MemoryStream("{\"version\":\"1.0.1\"}"u8.ToArray()) });
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, BuildBundle.EntryName) { DataStream = new MemoryStream([1]) });
            await tar.WriteEntryAsync(name == "link"
                ? new PaxTarEntry(TarEntryType.SymbolicLink, "link") { LinkName = "/etc/passwd" }
                : new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream([1]) });
        }
        bundle.Position = 0;
        await Assert.ThrowsAsync<InvalidDataException>(() => BuildBundle.InspectAsync(bundle, 1024, CancellationToken.None));
        bundle.Position = 0;
        var target = Path.Combine(Repo.TempDirectory("bundle-evil"), "slot");
        await Assert.ThrowsAsync<InvalidDataException>(() => BuildBundle.UnpackAsync(bundle, target, 1024, CancellationToken.None));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(target)!, "escape.txt")));
    }
}
