using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Shared.Updates;

namespace SignageKiosk.Controller.Updates;

/// <summary>A kiosk build as stored: the bundle by its hash, its version from its manifest, the operator's signature.</summary>
public sealed class KioskBuild
{
    public string Sha256 { get; init; } = "";
    public string Version { get; init; } = "";
    public long Size { get; init; }
    /// <summary>Base64 of the detached DER signature, passed on to kiosks with every offer.</summary>
    public string Signature { get; init; } = "";
    public DateTimeOffset UploadedAt { get; init; }
    public string UploadedBy { get; init; } = "";
    /// <summary>
    /// Whether the bundle's bytes are still on the controller: an administrator removes old ones (each a self-contained
    /// app, tens of MB, in every backup), and the record stays for the rollouts and versions that name it.
    /// </summary>
    public bool Stored { get; set; }
}

/// <summary>
/// The kiosk_builds table and the bundles in the data folder's builds/ (decision 0051: SQL only in stores). A bundle is
/// written under its SHA-256 once, like media, and served to kiosks with Range support so a download resumes.
/// </summary>
public sealed class BuildStore(ControllerDb db, IOptions<StorageOptions> storage, IOptions<UpdateOptions> options)
{
    public string Directory => Path.Combine(storage.Value.DataDirectory, "builds");

    public string PathOf(string sha256) => Path.Combine(Directory, sha256);

    /// <summary>
    /// Stores an uploaded bundle: within the size budget, a .tar.gz kiosk build with its manifest, and — when the
    /// controller knows the operator's key — signed by it. Anything else is refused and nothing is kept.
    /// </summary>
    public async Task<(KioskBuild Build, bool Created)> SaveAsync(Stream content, byte[] signature, string uploader, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        System.IO.Directory.CreateDirectory(Directory);
        var upload = Path.Combine(Directory, ".upload-" + Guid.NewGuid().ToString("N"));
        try
        {
            long size = 0;
            byte[] hash;
            using (var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                await using (var file = new FileStream(upload, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
                {
                    var buffer = new byte[81920];
                    int read;
                    while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                    {
                        size += read;
                        if (size > settings.MaxBuildBytes)
                        {
                            throw new ApiException(StatusCodes.Status413PayloadTooLarge,
                                $"安装包不能超过 {settings.MaxBuildBytes / 1024 / 1024} MB (a build is limited to {settings.MaxBuildBytes / 1024 / 1024} MB)");
                        }
                        sha.AppendData(buffer, 0, read);
                        await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    }
                    await file.FlushAsync(cancellationToken);
                    file.Flush(flushToDisk: true);
                }
                hash = sha.GetHashAndReset();
            }
            if (size == 0)
            {
                throw ApiException.BadRequest("安装包是空的 (the build is empty)");
            }
            if (settings.PublicKeyPath is { Length: > 0 } keyPath)
            {
                using var key = BuildBundle.PublicKey(await File.ReadAllTextAsync(keyPath, cancellationToken), out _)
                    ?? throw new InvalidOperationException("Updates:PublicKeyPath no longer holds a usable key");
                if (!BuildBundle.Verify(key, hash, signature))
                {
                    throw new ApiException(StatusCodes.Status422UnprocessableEntity,
                        "签名与运维公钥不符：安装包不是用运维私钥签名的，或签名后被改动过 (the signature does not match the operator's key: signed with another key, or changed after signing)",
                        "signature");
                }
            }
            BuildBundle.Manifest manifest;
            await using (var read = File.OpenRead(upload))
            {
                try
                {
                    manifest = await BuildBundle.InspectAsync(read, settings.MaxUnpackedBytes, cancellationToken);
                }
                catch (InvalidDataException e)
                {
                    throw new ApiException(StatusCodes.Status422UnprocessableEntity, "不是可用的屏幕程序安装包 (not a usable kiosk build): " + e.Message, "build");
                }
            }
            var build = new KioskBuild
            {
                Sha256 = Convert.ToHexStringLower(hash),
                Version = manifest.Version,
                Size = size,
                Signature = Convert.ToBase64String(signature),
                UploadedAt = now,
                UploadedBy = uploader,
            };
            // Under the store's write lock, like a removal: a removal at the same moment either comes first (and the
            // bytes come back) or after (and finds them), never between the look and the move.
            await using var connection = await db.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginWriteAsync(cancellationToken);
            if (await FindAsync(connection, transaction, build.Sha256, cancellationToken) is { } existing)
            {
                if (!File.Exists(PathOf(existing.Sha256)))
                {
                    // Removed earlier and uploaded again: the same bytes (same hash) come back under the old record.
                    File.Move(upload, PathOf(existing.Sha256), overwrite: true);
                }
                await transaction.CommitAsync(cancellationToken);
                existing.Stored = true;
                return (existing, false);
            }
            File.Move(upload, PathOf(build.Sha256), overwrite: true);
            await connection.ExecAsync(
                """
                INSERT INTO kiosk_builds(sha256, version, size, signature, uploaded_at, uploaded_by)
                VALUES (@sha, @version, @size, @signature, @at, @by) ON CONFLICT DO NOTHING;
                """, transaction, cancellationToken,
                ("@sha", build.Sha256), ("@version", build.Version), ("@size", build.Size), ("@signature", build.Signature),
                ("@at", now.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)), ("@by", uploader));
            await transaction.CommitAsync(cancellationToken);
            build.Stored = true;
            return (build, true);
        }
        finally
        {
            File.Delete(upload);
        }
    }

    public async Task<KioskBuild?> FindAsync(string sha256, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await FindAsync(connection, null, sha256, cancellationToken);
    }

    public async Task<List<KioskBuild>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var builds = await connection.QueryAsync<KioskBuild>(
            "SELECT sha256, version, size, signature, uploaded_at, uploaded_by FROM kiosk_builds ORDER BY uploaded_at DESC, sha256 LIMIT 200;",
            null, cancellationToken);
        builds.ForEach(build => build.Stored = IsStored(build.Sha256));
        return builds;
    }

    /// <summary>Whether the build's bundle is on the controller now.</summary>
    public bool IsStored(string sha256) => File.Exists(PathOf(sha256));

    /// <summary>
    /// Removes a build's bytes, keeping its record; null when there is no such build. <paramref name="refuseWhileOffered"/>
    /// runs under the store's write lock before the file goes and throws to refuse: a rollout being made at the same moment
    /// takes the same lock, so it either comes first (and is seen) or finds the bytes gone.
    /// </summary>
    public async Task<KioskBuild?> RemoveAsync(string sha256, Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, Task> refuseWhileOffered, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        if (await FindAsync(connection, transaction, sha256, cancellationToken) is not { } build)
        {
            return null;
        }
        await refuseWhileOffered(connection, transaction);
        File.Delete(PathOf(sha256));
        await transaction.CommitAsync(cancellationToken);
        build.Stored = false;
        return build;
    }

    private async Task<KioskBuild?> FindAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction, string sha256, CancellationToken cancellationToken)
    {
        var build = await connection.QuerySingleOrNullAsync<KioskBuild>(
            "SELECT sha256, version, size, signature, uploaded_at, uploaded_by FROM kiosk_builds WHERE sha256 = @sha;",
            transaction, cancellationToken, ("@sha", sha256));
        if (build is not null)
        {
            build.Stored = IsStored(build.Sha256);
        }
        return build;
    }
}
