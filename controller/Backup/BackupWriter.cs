using System.Formats.Tar;
using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Shared.Backup;

namespace SignageKiosk.Controller.Backup;

/// <summary>
/// Writes one backup: a .tar.gz with a consistent copy of the store (SQLite's online backup, or pg_dump), every file
/// of the data directory a restore needs (media, data-protection keys, …) and a manifest with their hashes, last.
/// Runs beside a working controller: SQLite's backup reads one snapshot (WAL lets writers go on), media files never
/// change once named. Written as ".partial" and renamed, so a backup that exists is complete.
/// </summary>
public sealed class BackupWriter(StorageOptions storage, BackupOptions options, TimeProvider time)
{
    private static readonly string Version =
        typeof(BackupWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev";

    /// <summary>Writes to <paramref name="target"/>: a file name ending in .tar.gz, or a folder (a timestamped name in it).</summary>
    public async Task<(string Path, BackupManifest Manifest)> WriteAsync(string target, CancellationToken cancellationToken)
    {
        var takenAt = time.GetUtcNow();
        var path = Path.GetFullPath(target.EndsWith(BackupRetention.Extension, StringComparison.Ordinal) && !Directory.Exists(target)
            ? target
            : Path.Combine(target, BackupRetention.FileName(takenAt)));
        if (BackupPaths.IsInside(path, storage.DataDirectory))
        {
            throw new BackupException($"备份不能放在数据目录里 / a backup cannot go inside the data directory {Path.GetFullPath(storage.DataDirectory)}: a restore replaces that folder");
        }
        if (File.Exists(path))
        {
            throw new BackupException($"备份文件已存在 / {path} exists already");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // A backup holds the password hashes, the data-protection keys (which sign staff cookies) and kiosk credential
        // hashes: only the controller's own user may read it, or its working copy.
        var work = (OperatingSystem.IsWindows()
            ? Directory.CreateDirectory(path + ".work-" + Guid.NewGuid().ToString("N")[..8])
            : Directory.CreateDirectory(path + ".work-" + Guid.NewGuid().ToString("N")[..8], UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute)).FullName;
        var partial = path + ".partial";
        try
        {
            var (storeFile, storeEntry, head, epoch) = await CopyStoreAsync(work, cancellationToken);
            var files = new List<BackupFile>();
            BackupManifest manifest;
            var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            await using (var output = new FileStream(partial, create))
            {
                await using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
                await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
                {
                    files.Add(await AddFileAsync(tar, storeFile, storeEntry, cancellationToken));
                    var dataDirectory = Path.GetFullPath(storage.DataDirectory);
                    foreach (var file in DataFiles(dataDirectory))
                    {
                        files.Add(await AddFileAsync(tar, file, BackupPaths.FilesPrefix + Path.GetRelativePath(dataDirectory, file).Replace('\\', '/'), cancellationToken));
                    }
                    manifest = new BackupManifest
                    {
                        Format = BackupManifest.CurrentFormat,
                        TakenAt = takenAt,
                        Provider = storage.Provider,
                        HeadSeq = head,
                        StoreEpoch = epoch,
                        ControllerVersion = Version,
                        StoreEntry = storeEntry,
                        Files = files,
                    };
                    var entry = new PaxTarEntry(TarEntryType.RegularFile, BackupPaths.ManifestEntry)
                    {
                        DataStream = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(manifest, BackupManifest.Json)),
                        ModificationTime = takenAt,
                        Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                    };
                    await tar.WriteEntryAsync(entry, cancellationToken);
                }
                output.Flush(flushToDisk: true);
            }
            File.Move(partial, path);
            return (path, manifest);
        }
        finally
        {
            File.Delete(partial);
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Every regular file of the data directory a restore needs, in a stable order.</summary>
    private static IEnumerable<string> DataFiles(string dataDirectory)
    {
        if (!Directory.Exists(dataDirectory))
        {
            return [];
        }
        return Directory.EnumerateFiles(dataDirectory, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint })
            .Where(file => !BackupPaths.IsLeftOut(Path.GetRelativePath(dataDirectory, file).Replace('\\', '/')))
            .Order(StringComparer.Ordinal);
    }

    private async Task<(string File, string Entry, long Head, string? Epoch)> CopyStoreAsync(string work, CancellationToken cancellationToken)
    {
        if (storage.Provider == StoreProvider.PostgreSql)
        {
            long head;
            string? epoch;
            await using (var connection = new NpgsqlConnection(Unpooled(storage.ConnectionString!)))
            {
                await connection.OpenAsync(cancellationToken);
                head = await connection.ScalarAsync<long?>("SELECT max(seq) FROM changes;", null, cancellationToken) ?? 0;
                epoch = await StoreEpoch.ReadAsync(connection, cancellationToken);
            }
            var dump = Path.Combine(work, "controller.pgdump");
            await new PostgreSqlTools(storage.ConnectionString!, options.PostgreSqlBin).DumpAsync(dump, cancellationToken);
            return (dump, BackupPaths.PostgreSqlStoreEntry, head, epoch);
        }
        var database = Path.GetFullPath(storage.DatabasePath);
        if (!File.Exists(database))
        {
            throw new BackupException($"没有找到数据库 / no database at {database}: check Storage:DataDirectory");
        }
        var copy = Path.Combine(work, "controller.db");
        // Pooling off: the copy's file is closed (and its WAL folded in) before it goes into the archive.
        await using (var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 30 }.ToString()))
        await using (var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString()))
        {
            await source.OpenAsync(cancellationToken);
            await source.ExecAsync("PRAGMA busy_timeout = 30000;", null, cancellationToken);
            await destination.OpenAsync(cancellationToken);
            source.BackupDatabase(destination);
        }
        await using (var check = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString()))
        {
            await check.OpenAsync(cancellationToken);
            var head = await check.ScalarAsync<long?>("SELECT max(seq) FROM changes;", null, cancellationToken) ?? 0;
            var epoch = await check.ScalarAsync<long>("SELECT count(*) FROM sqlite_master WHERE name = 'store_meta';", null, cancellationToken) > 0
                ? await StoreEpoch.ReadAsync(check, cancellationToken)
                : null;
            return (copy, BackupPaths.SqliteStoreEntry, head, epoch);
        }
    }

    /// <summary>Hashes the file and writes it from the same open handle, so the hash is of exactly what was archived.</summary>
    private static async Task<BackupFile> AddFileAsync(TarWriter tar, string file, string entryName, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
        stream.Position = 0;
        var entry = new PaxTarEntry(TarEntryType.RegularFile, entryName)
        {
            DataStream = stream,
            ModificationTime = File.GetLastWriteTimeUtc(file),
            Mode = OperatingSystem.IsWindows() ? UnixFileMode.UserRead | UnixFileMode.UserWrite : File.GetUnixFileMode(file),
        };
        await tar.WriteEntryAsync(entry, cancellationToken);
        return new BackupFile(entryName, stream.Length, sha);
    }

    /// <summary>A command's connections close when it is done: a pooled idle one would count as a node still running.</summary>
    private static string Unpooled(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
}
