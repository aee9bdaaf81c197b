using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Places;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Shared.Media;
using SkiaSharp;

namespace SignageKiosk.Controller.Media;

/// <summary>
/// Content-addressed media files: stored under their SHA-256, never overwritten. Pictures are stored as the photo
/// pipeline re-encodes them (upright, no metadata, at most 1920 a side), so the hash, size and type are the new file's
/// and kiosks never receive the original; PDFs are stored as sent.
/// </summary>
public sealed class MediaStore(ControllerDb db, IOptions<StorageOptions> storage, IOptions<PhotoOptions> photos, TimeProvider time, ILogger<MediaStore> logger)
{
    public const long MaxBytes = 20 * 1024 * 1024;

    private readonly SemaphoreSlim decodes = new(Math.Max(1, photos.Value.ConcurrentDecodes));

    public static readonly IReadOnlySet<string> AllowedTypes = new HashSet<string>(MediaSignature.Types, StringComparer.OrdinalIgnoreCase);

    public string PathOf(string sha256) => Path.Combine(storage.Value.MediaDirectory, sha256);

    public async Task<MediaRef> SaveAsync(Stream content, string contentType, string? fileName, string uploader, CancellationToken cancellationToken)
    {
        if (!AllowedTypes.Contains(contentType))
        {
            throw new ApiException(StatusCodes.Status415UnsupportedMediaType, $"不接受“{contentType}”类型的文件，可用：{string.Join(", ", AllowedTypes)} (media type '{contentType}' is not accepted)");
        }
        Directory.CreateDirectory(storage.Value.MediaDirectory);
        var upload = Path.Combine(storage.Value.MediaDirectory, ".upload-" + Guid.NewGuid().ToString("N"));
        var reencoded = upload + "-reencoded";
        var temp = upload;
        try
        {
            long size = 0;
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    size += read;
                    if (size > MaxBytes)
                    {
                        throw new ApiException(StatusCodes.Status413PayloadTooLarge, $"文件最大 {MaxBytes / 1024 / 1024} MB (media files are limited to {MaxBytes / 1024 / 1024} MB)");
                    }
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
            }
            if (size == 0)
            {
                throw ApiException.BadRequest("文件是空的 (the file is empty)");
            }
            var head = new byte[16];
            await using (var check = File.OpenRead(temp))
            {
                await check.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
            }
            if (!MediaSignature.Matches(contentType, head))
            {
                // The declared type is what the kiosk and browsers are told; it must be what the bytes are.
                var actual = MediaSignature.Sniff(head);
                throw new ApiException(StatusCodes.Status415UnsupportedMediaType, actual is null
                    ? $"文件内容不是 {contentType}，也不是可接受的其他格式 (the file is not a {contentType})"
                    : $"文件内容是 {actual}，与声明的 {contentType} 不符，请按实际格式上传 (the file is a {actual}, not a {contentType})", "contentType");
            }
            var type = contentType.ToLowerInvariant();
            var sha = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (type.StartsWith("image/", StringComparison.Ordinal))
            {
                var photo = await ProcessPhotoAsync(temp, cancellationToken);
                await WriteDurablyAsync(reencoded, photo.Bytes, cancellationToken);
                var sourceSize = size;
                (size, type, fileName) = (photo.Bytes.Length, photo.ContentType, WithExtensionOf(fileName, photo.ContentType));
                sha = Convert.ToHexStringLower(SHA256.HashData(photo.Bytes));
                logger.LogInformation("Picture re-encoded from {SourceWidth}×{SourceHeight} ({SourceBytes} bytes, {SourceType}, origin {Origin}) to {Width}×{Height} ({Bytes} bytes, {ContentType})",
                    photo.SourceWidth, photo.SourceHeight, sourceSize, contentType, photo.Origin, photo.Width, photo.Height, size, type);
                temp = reencoded;
            }
            StoreOnce(temp, PathOf(sha));
            await using var connection = await db.OpenAsync(cancellationToken);
            await connection.ExecAsync(
                """
                INSERT INTO media(sha256, size, content_type, file_name, created_at) VALUES (@h, @s, @t, @n, @now) ON CONFLICT(sha256) DO NOTHING;
                INSERT INTO media_uploads(sha256, actor) VALUES (@h, @actor) ON CONFLICT DO NOTHING;
                """,
                null, cancellationToken, ("@h", sha), ("@s", size), ("@t", type), ("@n", fileName),
                ("@now", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)), ("@actor", uploader));
            return new MediaRef { Sha256 = sha, Size = size, ContentType = type };
        }
        finally
        {
            File.Delete(upload);
            File.Delete(reencoded);
        }
    }

    /// <summary>Runs the photo pipeline on the upload; its refusals become the API's answers, nothing is stored.</summary>
    private async Task<ProcessedPhoto> ProcessPhotoAsync(string path, CancellationToken cancellationToken)
    {
        await decodes.WaitAsync(cancellationToken);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var data = SKData.Create(path)
                ?? throw new PhotoRefusedException(PhotoRefusal.NotAPicture, "文件无法读取为图片 (the file could not be read as a picture)");
            return PhotoPipeline.Process(data, photos.Value);
        }
        catch (PhotoRefusedException e)
        {
            // 415 like any other file that is not an accepted picture; 422 for a real picture this controller will not decode.
            throw new ApiException(e.Reason == PhotoRefusal.TooManyPixels ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status415UnsupportedMediaType, e.Message, "file");
        }
        finally
        {
            decodes.Release();
        }
    }

    private static async Task WriteDurablyAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        await file.WriteAsync(bytes, cancellationToken);
        await file.FlushAsync(cancellationToken);
        file.Flush(flushToDisk: true);
    }

    /// <summary>"IMG_0042.HEIC.png" re-encoded as JPEG is kept as "IMG_0042.HEIC.jpg": the name says what the file is.</summary>
    private static string? WithExtensionOf(string? fileName, string contentType) =>
        string.IsNullOrEmpty(fileName) || !Path.HasExtension(fileName)
            ? fileName
            : Path.ChangeExtension(fileName, contentType == PhotoPipeline.Png ? ".png" : ".jpg");

    /// <summary>
    /// Moves the verified upload under its hash unless that file is already there. Two uploads of the same bytes
    /// may race here: the loser finds the winner's file, which is the same content, and that is success.
    /// </summary>
    private static void StoreOnce(string temp, string final)
    {
        try
        {
            File.Move(temp, final, overwrite: false);
        }
        catch (IOException) when (File.Exists(final))
        {
        }
    }

    public async Task<MediaRef?> FindAsync(string sha256, CancellationToken cancellationToken)
    {
        if (!MediaRef.IsValidSha256(sha256))
        {
            return null;
        }
        await using var connection = await db.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrNullAsync<MediaRow>("SELECT size, content_type FROM media WHERE sha256 = @h;", null, cancellationToken, ("@h", sha256));
        return row is null ? null : new MediaRef { Sha256 = sha256, Size = row.Size, ContentType = row.ContentType };
    }

    /// <summary>The hashes of every uploaded file (a preview shows only pictures a kiosk could download).</summary>
    public async Task<HashSet<string>> UploadedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<HashRow>("SELECT sha256 FROM media;", null, cancellationToken);
        return rows.Select(r => r.Sha256).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Whether an item targeted at the kiosk or at one of the places of its chain refers to the file.</summary>
    public async Task<bool> IsUsedForKioskAsync(string kioskId, IReadOnlyList<string> chain, string sha256, CancellationToken cancellationToken)
    {
        var inList = string.Join(",", chain.Select((_, i) => $"@p{i}"));
        var parameters = chain.Select((id, i) => ($"@p{i}", (object?)id))
            .Append(("@kiosk", kioskId)).Append(("@hash", sha256)).ToArray();
        await using var connection = await db.OpenAsync(cancellationToken);
        // The hash is 64 hex digits (checked by the route), so a plain substring test cannot match by accident.
        return await connection.ScalarAsync<long>(
            $"""
            SELECT EXISTS(SELECT 1 FROM items
                WHERE (target_kiosk_id = @kiosk{(inList.Length > 0 ? $" OR target_place_id IN ({inList})" : "")}) AND instr(payload, @hash) > 0);
            """, null, cancellationToken, parameters) == 1;
    }

    /// <summary>Whether the actor uploaded the file, or an item or a submission in the area below <paramref name="scopePlaceId"/> uses it.</summary>
    public async Task<bool> IsUsedInAreaAsync(string? scopePlaceId, string actor, string sha256, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        // The hash is 64 hex digits (checked by the route), so a plain substring test cannot match by accident.
        return await connection.ScalarAsync<long>(
            $"""
            WITH RECURSIVE {PlaceArea.Cte},
            area_kiosks(id) AS (
                SELECT k.id FROM kiosks k JOIN stations s ON s.id = k.station_id WHERE coalesce(k.place_id, s.place_id) IN (SELECT id FROM area))
            SELECT EXISTS(SELECT 1 FROM media_uploads WHERE sha256 = @hash AND actor = @actor)
                OR EXISTS(SELECT 1 FROM items WHERE (target_place_id IN (SELECT id FROM area) OR target_kiosk_id IN (SELECT id FROM area_kiosks))
                    AND instr(payload, @hash) > 0)
                OR EXISTS(SELECT 1 FROM submissions WHERE (target_place_id IN (SELECT id FROM area) OR target_kiosk_id IN (SELECT id FROM area_kiosks))
                    AND instr(payload, @hash) > 0);
            """, null, cancellationToken, ("@scope", scopePlaceId), ("@hash", sha256), ("@actor", actor)) == 1;
    }

    private sealed class MediaRow
    {
        public long Size { get; init; }
        public string ContentType { get; init; } = "";
    }

    private sealed class HashRow
    {
        public string Sha256 { get; init; } = "";
    }
}
