using System.Text.Json;
using System.Text.Json.Serialization;
using SignageKiosk.Controller.Storage;

namespace SignageKiosk.Controller.Backup;

/// <summary>
/// manifest.json, the last entry of a backup: what it holds and every file's SHA-256, which a restore checks before it
/// changes anything.
/// </summary>
public sealed record BackupManifest
{
    public const int CurrentFormat = 1;

    public required int Format { get; init; }
    public required DateTimeOffset TakenAt { get; init; }
    public required StoreProvider Provider { get; init; }
    /// <summary>The change log's head in the backup (on PostgreSQL read just before the dump: the dump holds at least this).</summary>
    public required long HeadSeq { get; init; }
    /// <summary>The store's epoch when it was backed up (none if never restored); a restore gives it a new one.</summary>
    public string? StoreEpoch { get; init; }
    public string? ControllerVersion { get; init; }
    public required string StoreEntry { get; init; }
    public required IReadOnlyList<BackupFile> Files { get; init; }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };
}

/// <summary>One entry of the backup: its name in the archive, its size and SHA-256 (lower-case hex).</summary>
public sealed record BackupFile(string Path, long Size, string Sha256);
