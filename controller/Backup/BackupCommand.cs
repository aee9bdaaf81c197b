using SignageKiosk.Controller.Storage;

namespace SignageKiosk.Controller.Backup;

/// <summary>
/// <c>controller backup [--to file-or-folder]</c> and <c>controller restore --from file-or-folder</c>: the same settings
/// as the server (appsettings, /etc, environment, --Storage:… on the command line), no web server. Exit code 0 on
/// success, 1 when refused or failed, 2 for a usage mistake.
/// </summary>
public static class BackupCommand
{
    public static bool Handles(string[] args) => args.Length > 0 && args[0] is "backup" or "restore";

    public static async Task<int> RunAsync(IConfiguration configuration, string[] args, TextWriter output, TextWriter error, TimeProvider time, CancellationToken cancellationToken)
    {
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var options = configuration.GetSection(BackupOptions.Section).Get<BackupOptions>() ?? new BackupOptions();
        if (storage.Problem() is { } problem)
        {
            await error.WriteLineAsync(problem);
            return 2;
        }
        try
        {
            if (args[0] == "backup")
            {
                if ((Value(args, "--to") ?? options.Directory) is not { Length: > 0 } to)
                {
                    await error.WriteLineAsync("usage: backup --to <file.tar.gz or folder>   (or set Backup:Directory)");
                    return 2;
                }
                var (path, manifest) = await new BackupWriter(storage, options, time).WriteAsync(to, cancellationToken);
                await output.WriteLineAsync($"备份完成 / backed up: {path}");
                await output.WriteLineAsync($"  store {manifest.Provider}, head sequence {manifest.HeadSeq}, {manifest.Files.Count} files, taken at {manifest.TakenAt:O}");
                return 0;
            }
            if (Value(args, "--from") is not { Length: > 0 } from)
            {
                await error.WriteLineAsync("usage: restore --from <backup.tar.gz or a folder of backups (the newest is used)>");
                return 2;
            }
            var outcome = await new BackupRestorer(storage, options, time).RestoreAsync(from, cancellationToken);
            await output.WriteLineAsync($"恢复完成 / restored: {outcome.Backup}");
            await output.WriteLineAsync($"  taken at {outcome.Manifest.TakenAt:O}, store {outcome.Manifest.Provider}, head sequence {outcome.HeadSeq}, {outcome.Manifest.Files.Count} files, new store epoch {outcome.StoreEpoch}");
            await output.WriteLineAsync($"  {outcome.CredentialsKept} kiosks keep the device credential they use now (taken from the store that was replaced)");
            if (outcome.PreviousData is { } previous)
            {
                await output.WriteLineAsync($"  the data directory as it was is kept at {previous}; delete it once the restored controller runs well");
            }
            await output.WriteLineAsync("  kiosks take a snapshot when they next connect (docs/backup.md)");
            return 0;
        }
        catch (BackupException e)
        {
            await error.WriteLineAsync(e.Message);
            return 1;
        }
    }

    private static string? Value(string[] args, string name)
    {
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] == name && i + 1 < args.Length)
            {
                return args[i + 1];
            }
            if (args[i].StartsWith(name + "=", StringComparison.Ordinal))
            {
                return args[i][(name.Length + 1)..];
            }
        }
        return null;
    }
}
