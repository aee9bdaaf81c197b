using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SignageKiosk.Controller.Backup;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Shared.Sync;
using SignageKiosk.Tests.Support;
using Xunit.Abstractions;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// The backup and restore commands against a real controller (SQLite, or PostgreSQL with SIGNAGEKIOSK_TEST_STORE) and a
/// real kiosk process: a restored controller brings its fleet back to the restored content (docs/backup.md, decision 0047).
/// </summary>
public sealed class BackupRestoreTests(ITestOutputHelper log)
{
    [Fact]
    public async Task A_kiosk_ahead_of_a_restored_controller_ends_with_exactly_the_restored_content_and_then_gets_new_publishes()
    {
        await using var controller = ControllerHost.Start("backup-fleet");
        var settings = Settings(controller);
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await using var kiosk = await KioskProcess.StartAsync("backup-fleet", controller.Url, world.Credentials["kiosk-a"]);
        await admin.PublishAsync("notices", TestWorld.Notice("n-a", "甲：备份前的通知", TestWorld.CompoundA));
        await kiosk.WaitForSeqAsync(await admin.HeadAsync());
        // A simulated kiosk in compound B, in step with the store as backed up: its fingerprint is the one before the restore.
        var before = await HelloAsync(controller, world.Credentials["kiosk-b"], cursor: 0, fingerprint: null);

        var backups = Repo.TempDirectory("backup-fleet-out");
        var (code, text) = await RunAsync(settings, "backup", "--to", backups);
        Assert.True(code == 0, text);
        var backedUpHead = await admin.HeadAsync();

        await admin.PublishAsync("notices", TestWorld.Notice("n-b", "乙：备份后的通知", TestWorld.CompoundA));
        await admin.PublishAsync("notices", TestWorld.Notice("n-c", "丙：备份后的通知", TestWorld.CompoundA));
        // Restarted after the backup: its device credential rotated, so the backup holds one it no longer has.
        await kiosk.RestartAsync();
        var aheadHead = await admin.HeadAsync();
        await kiosk.WaitForSeqAsync(aheadHead);
        await kiosk.WaitForBoardAsync(b => b.Contains("丙：备份后的通知"), "the kiosk to show the notices published after the backup");

        await StopAsync(controller);
        (code, text) = await RunAsync(settings, "restore", "--from", backups);
        Assert.True(code == 0, text);
        Assert.Contains($"head sequence {backedUpHead}", text);
        controller.Start();

        await kiosk.WaitForBoardAsync(b => b.Contains("甲：备份前的通知") && !b.Contains("乙：备份后的通知") && !b.Contains("丙：备份后的通知"),
            "the kiosk to show exactly the restored notices");
        var health = await kiosk.HealthAsync();
        Assert.Equal(backedUpHead, health["seq"]!.GetValue<long>());
        using var again = await controller.AdminAsync();
        await again.PublishAsync("notices", TestWorld.Notice("n-d", "丁：恢复后的通知", TestWorld.CompoundA));
        await kiosk.WaitForBoardAsync(b => b.Contains("丁：恢复后的通知") && b.Contains("甲：备份前的通知") && !b.Contains("乙：备份后的通知"),
            "a publish after the restore to reach the kiosk");

        // A cursor the restored log has reached again (numbers re-used after the restore) with a cache from before it:
        // the store's new epoch changes the fingerprint, so the kiosk takes a snapshot instead of trusting the cursor.
        var head = await again.HeadAsync();
        Assert.True(head >= before.Head, $"head {head} should have reached the simulated kiosk's cursor {before.Head}");
        var after = await HelloAsync(controller, world.Credentials["kiosk-b"], cursor: before.Head, fingerprint: before.ChainFingerprint);
        Assert.True(after.SnapshotRequired);
        Assert.NotEqual(before.ChainFingerprint, after.ChainFingerprint);
        var settled = await HelloAsync(controller, world.Credentials["kiosk-b"], cursor: head, fingerprint: after.ChainFingerprint);
        Assert.False(settled.SnapshotRequired);
    }

    [Fact]
    public async Task Restore_refuses_while_the_controller_runs_and_refuses_a_tampered_backup_changing_nothing()
    {
        await using var controller = ControllerHost.Start("backup-tamper");
        var settings = Settings(controller);
        using var admin = await controller.AdminAsync();
        await TestWorld.CreateAsync(admin);
        var backups = Repo.TempDirectory("backup-tamper-out");
        var (code, text) = await RunAsync(settings, "backup", "--to", backups);
        Assert.True(code == 0, text);
        var backup = Directory.GetFiles(backups).Single();
        // It holds password hashes and the keys that sign staff cookies: the controller's user alone may read it.
        Assert.True(OperatingSystem.IsWindows() || File.GetUnixFileMode(backup) == (UnixFileMode.UserRead | UnixFileMode.UserWrite),
            $"backup readable by others: {(OperatingSystem.IsWindows() ? "" : File.GetUnixFileMode(backup))}");

        (code, text) = await RunAsync(settings, "restore", "--from", backup);
        Assert.Equal(1, code);
        Assert.Contains("a controller is running", text);

        await admin.PublishAsync("notices", TestWorld.Notice("n-after", "备份后的通知", TestWorld.CompoundA));
        await StopAsync(controller);
        var tampered = Path.Combine(backups, "tampered.tar.gz");
        // The store itself, one byte changed in place (same size): only the hash can tell.
        await RewriteAsync(backup, tampered, name => name.StartsWith("store/", StringComparison.Ordinal), bytes => { bytes[^1] ^= 0x5A; return bytes; });
        var unchanged = Fingerprint(controller.DataDirectory);

        (code, text) = await RunAsync(settings, "restore", "--from", tampered);

        Assert.Equal(1, code);
        Assert.Contains("does not match its hash", text);
        Assert.Equal(unchanged, Fingerprint(controller.DataDirectory));
        var name = Path.GetFileName(controller.DataDirectory);
        Assert.DoesNotContain(Directory.GetFileSystemEntries(Path.GetDirectoryName(controller.DataDirectory)!).Select(Path.GetFileName),
            entry => entry!.StartsWith(name + ".", StringComparison.Ordinal) || entry.StartsWith("." + name, StringComparison.Ordinal));
        controller.Start();
        using var again = await controller.AdminAsync();
        Assert.Contains("备份后的通知", await again.GetStringAsync("/api/notices/n-after"));
    }

    /// <summary>
    /// Stops the in-process controller and waits until it has let go of its data directory: the test host finishes
    /// disposing the controller's services a moment after StopAsync returns (a real controller is a process that exits).
    /// </summary>
    private static async Task StopAsync(ControllerHost controller)
    {
        await controller.StopAsync();
        await Eventually.Until(() =>
        {
            using var free = DataDirectoryLock.TryExclusive(controller.DataDirectory);
            return Task.FromResult(free is not null);
        }, free => free, "the stopped controller to release its data directory");
    }

    /// <summary>The controller's own settings (appsettings and the test's), as the command line would see them.</summary>
    private static IConfiguration Settings(ControllerHost controller) =>
        new ConfigurationBuilder().AddInMemoryCollection(controller.Services.GetRequiredService<IConfiguration>().AsEnumerable()).Build();

    private async Task<(int Code, string Text)> RunAsync(IConfiguration settings, params string[] args)
    {
        using var output = new StringWriter();
        var code = await BackupCommand.RunAsync(settings, args, output, output, TimeProvider.System, CancellationToken.None);
        var text = output.ToString();
        log.WriteLine($"> {string.Join(' ', args)} → {code}\n{text}");
        return (code, text);
    }

    private static async Task<HelloResponse> HelloAsync(ControllerHost controller, string credential, long cursor, string? fingerprint)
    {
        await using var client = await KioskHubClient.OpenAsync(controller.Url, credential);
        return await client.Connection.InvokeAsync<HelloResponse>(SyncProtocol.Hello, new HelloRequest { Cursor = cursor, ChainFingerprint = fingerprint });
    }

    /// <summary>Copies a backup, changing the content of the entries <paramref name="which"/> picks (the manifest stays as it was).</summary>
    private static async Task RewriteAsync(string source, string target, Func<string, bool> which, Func<byte[], byte[]> change)
    {
        await using var input = new GZipStream(File.OpenRead(source), CompressionMode.Decompress);
        await using var reader = new TarReader(input);
        await using var output = new GZipStream(File.Create(target), CompressionLevel.Fastest);
        await using var writer = new TarWriter(output, TarEntryFormat.Pax);
        var changed = 0;
        while (await reader.GetNextEntryAsync(copyData: true) is { } entry)
        {
            if (which(entry.Name) && entry.DataStream is { } data)
            {
                using var buffer = new MemoryStream();
                await data.CopyToAsync(buffer);
                entry.DataStream = new MemoryStream(change(buffer.ToArray()));
                changed++;
            }
            await writer.WriteEntryAsync(entry);
        }
        Assert.True(changed > 0, "nothing in the backup matched the entries to tamper with");
    }

    /// <summary>Every file of a folder with its SHA-256: equal before and after means nothing changed.</summary>
    private static string Fingerprint(string directory) => string.Join("\n", Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
        .Order(StringComparer.Ordinal)
        .Select(file => Path.GetRelativePath(directory, file) + " " + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)))));
}
