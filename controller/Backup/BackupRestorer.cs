using System.Data.Common;
using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Shared.Backup;

namespace SignageKiosk.Controller.Backup;

/// <summary>What a restore put back.</summary>
public sealed record RestoreOutcome(BackupManifest Manifest, string Backup, long HeadSeq, string StoreEpoch, int CredentialsKept, string? PreviousData);

/// <summary>
/// Puts a backup back. Nothing changes until the whole archive has been unpacked beside the data directory and every
/// file matches the manifest's size and SHA-256; then the store is replaced (SQLite: the checked copy moves in with the
/// files; PostgreSQL: pg_restore in one transaction) and the new data directory is renamed into place, the old one kept
/// beside it. Refuses while a controller runs on the data directory. The restored store gets a new epoch (decision 0047).
/// </summary>
public sealed class BackupRestorer(StorageOptions storage, BackupOptions options, TimeProvider time)
{
    private const long LargestManifest = 64L * 1024 * 1024;

    public async Task<RestoreOutcome> RestoreAsync(string from, CancellationToken cancellationToken)
    {
        var backup = Resolve(from);
        var dataDirectory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(storage.DataDirectory));
        var parent = Path.GetDirectoryName(dataDirectory)!;
        var name = Path.GetFileName(dataDirectory);
        var stamp = time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var existed = Directory.Exists(dataDirectory);
        using var exclusive = DataDirectoryLock.TryExclusive(dataDirectory)
            ?? throw new BackupException($"控制器正在使用数据目录，请先停止它 / a controller is running on {dataDirectory}: stop it (every node) before restoring");
        var staging = Path.Combine(parent, $".{name}.restore-{stamp}");
        var storeStaging = staging + ".store";
        try
        {
            Directory.CreateDirectory(staging);
            Directory.CreateDirectory(storeStaging);
            var manifest = await UnpackAndVerifyAsync(backup, staging, storeStaging, cancellationToken);
            var storeFile = Path.Combine(storeStaging, Path.GetFileName(manifest.StoreEntry));
            (long Head, string Epoch, int Kept) restored;
            if (storage.Provider == StoreProvider.PostgreSql)
            {
                restored = await RestorePostgreSqlAsync(storeFile, cancellationToken);
            }
            else
            {
                var database = Path.Combine(staging, Path.GetFileName(storage.DatabasePath));
                File.Move(storeFile, database);
                restored = await PrepareSqliteAsync(database, Path.GetFullPath(storage.DatabasePath), cancellationToken);
            }
            string? previous = null;
            if (existed)
            {
                previous = Path.Combine(parent, $"{name}.before-restore-{stamp}");
                Directory.Move(dataDirectory, previous);
            }
            else
            {
                // Only the lock this restore made: nothing to keep.
                Directory.Delete(dataDirectory, recursive: true);
            }
            Directory.Move(staging, dataDirectory);
            // SQLite pools connections per process by path: none may outlive the swap on the replaced file (it matters
            // only where a controller ran in this same process, as in the tests; the command's own are unpooled).
            SqliteConnection.ClearAllPools();
            return new RestoreOutcome(manifest, backup, restored.Head, restored.Epoch, restored.Kept, previous);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
            if (Directory.Exists(storeStaging))
            {
                Directory.Delete(storeStaging, recursive: true);
            }
        }
    }

    /// <summary>A backup file, or the newest backup in a folder.</summary>
    private static string Resolve(string from)
    {
        if (Directory.Exists(from))
        {
            var newest = BackupRetention.Newest(Directory.EnumerateFiles(from).Select(Path.GetFileName)!)
                ?? throw new BackupException($"文件夹里没有备份 / no backups ({BackupRetention.Prefix}….tar.gz) in {from}");
            return Path.GetFullPath(Path.Combine(from, newest));
        }
        return File.Exists(from) ? Path.GetFullPath(from) : throw new BackupException($"找不到备份 / no backup at {from}");
    }

    private async Task<BackupManifest> UnpackAndVerifyAsync(string backup, string staging, string storeStaging, CancellationToken cancellationToken)
    {
        var unpacked = new Dictionary<string, (long Size, string Sha)>(StringComparer.Ordinal);
        BackupManifest? manifest = null;
        try
        {
            await using var input = new FileStream(backup, FileMode.Open, FileAccess.Read, FileShare.Read);
            await using var gzip = new GZipStream(input, CompressionMode.Decompress);
            await using var tar = new TarReader(gzip);
            while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
            {
                if (entry.EntryType is TarEntryType.Directory)
                {
                    continue;
                }
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || !BackupPaths.IsSafeEntryName(entry.Name) || unpacked.ContainsKey(entry.Name))
                {
                    throw Refused($"unexpected entry '{entry.Name}' ({entry.EntryType})");
                }
                if (entry.Name == BackupPaths.ManifestEntry)
                {
                    if (entry.Length > LargestManifest || entry.DataStream is null)
                    {
                        throw Refused("the manifest is unreadable");
                    }
                    manifest = await JsonSerializer.DeserializeAsync<BackupManifest>(entry.DataStream, BackupManifest.Json, cancellationToken);
                    continue;
                }
                var target = entry.Name.StartsWith(BackupPaths.StorePrefix, StringComparison.Ordinal) && entry.Name.Count(c => c == '/') == 1
                    ? Path.Combine(storeStaging, entry.Name[BackupPaths.StorePrefix.Length..])
                    : entry.Name.StartsWith(BackupPaths.FilesPrefix, StringComparison.Ordinal)
                        ? Path.Combine(staging, entry.Name[BackupPaths.FilesPrefix.Length..])
                        : throw Refused($"unexpected entry '{entry.Name}'");
                unpacked[entry.Name] = await UnpackAsync(entry, target, cancellationToken);
            }
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or EndOfStreamException or FormatException)
        {
            throw Refused($"the archive is damaged ({e.Message})");
        }
        if (manifest is null)
        {
            throw Refused("it has no manifest");
        }
        if (manifest.Format != BackupManifest.CurrentFormat)
        {
            throw Refused($"format {manifest.Format} is not {BackupManifest.CurrentFormat}; restore it with the controller version that wrote it ({manifest.ControllerVersion})");
        }
        if (manifest.Provider != storage.Provider)
        {
            throw new BackupException($"备份来自 {manifest.Provider}，而本控制器配置的是 {storage.Provider} / the backup is of a {manifest.Provider} store, this controller is configured for {storage.Provider} (Storage:Provider)");
        }
        var listed = manifest.Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        if (!listed.ContainsKey(manifest.StoreEntry))
        {
            throw Refused("the manifest does not list its store");
        }
        foreach (var (path, (size, sha)) in unpacked)
        {
            if (!listed.TryGetValue(path, out var expected))
            {
                throw Refused($"'{path}' is not in the manifest");
            }
            if (expected.Size != size || !string.Equals(expected.Sha256, sha, StringComparison.OrdinalIgnoreCase))
            {
                throw Refused($"'{path}' does not match its hash in the manifest");
            }
        }
        if (listed.Keys.FirstOrDefault(path => !unpacked.ContainsKey(path)) is { } missing)
        {
            throw Refused($"'{missing}' is missing");
        }
        return manifest;
    }

    private static async Task<(long Size, string Sha)> UnpackAsync(TarEntry entry, string target, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0;
        await using (var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            if (entry.DataStream is { } data)
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await data.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    size += read;
                }
            }
            output.Flush(flushToDisk: true);
        }
        if (!OperatingSystem.IsWindows())
        {
            // The owner's rights as they were (keys stay 0600); never more than the owner's.
            File.SetUnixFileMode(target, entry.Mode & (UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute) | UnixFileMode.UserRead);
        }
        return (size, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private static async Task<(long Head, string Epoch, int Kept)> PrepareSqliteAsync(string database, string live, CancellationToken cancellationToken)
    {
        var credentials = await ReadLiveCredentialsAsync(live, cancellationToken);
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        var check = await connection.ScalarAsync<string>("PRAGMA quick_check;", null, cancellationToken);
        if (check != "ok")
        {
            throw Refused($"its database fails SQLite's check ({check})");
        }
        return await StampAsync(connection, credentials, cancellationToken);
    }

    private static async Task<CredentialCarryOver?> ReadLiveCredentialsAsync(string live, CancellationToken cancellationToken)
    {
        if (!File.Exists(live))
        {
            return null;
        }
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = live, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        return await CredentialCarryOver.ReadAsync(connection, cancellationToken);
    }

    private async Task<(long Head, string Epoch, int Kept)> RestorePostgreSqlAsync(string dump, CancellationToken cancellationToken)
    {
        CredentialCarryOver credentials;
        await using (var connection = new NpgsqlConnection(Unpooled(storage.ConnectionString!)))
        {
            await connection.OpenAsync(cancellationToken);
            var others = await connection.ScalarAsync<long>(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid();", null, cancellationToken);
            if (others > 0)
            {
                throw new BackupException($"数据库还有 {others} 个连接，请先停止所有控制器节点 / the database has {others} other connections: stop every controller node before restoring");
            }
            credentials = await CredentialCarryOver.ReadAsync(connection, cancellationToken);
        }
        // One transaction: a failed pg_restore leaves the database as it was, and the files have not moved yet.
        await new PostgreSqlTools(storage.ConnectionString!, options.PostgreSqlBin).RestoreAsync(dump, cancellationToken);
        await using (var connection = new NpgsqlConnection(Unpooled(storage.ConnectionString!)))
        {
            await connection.OpenAsync(cancellationToken);
            return await StampAsync(connection, credentials, cancellationToken);
        }
    }

    private static async Task<(long Head, string Epoch, int Kept)> StampAsync(DbConnection connection, CredentialCarryOver? credentials, CancellationToken cancellationToken)
    {
        var kept = credentials is null ? 0 : await credentials.ApplyAsync(connection, cancellationToken);
        var epoch = await StoreEpoch.RenewAsync(connection, cancellationToken);
        var head = await connection.ScalarAsync<long?>("SELECT max(seq) FROM changes;", null, cancellationToken) ?? 0;
        return (head, epoch, kept);
    }

    private static BackupException Refused(string why) =>
        new($"备份校验失败，未做任何更改 / the backup failed its check and nothing was changed: {why}");

    /// <summary>A command's connections close when it is done: a pooled idle one would count as a node still running.</summary>
    private static string Unpooled(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
}
