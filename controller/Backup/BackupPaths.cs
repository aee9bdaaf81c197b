namespace SignageKiosk.Controller.Backup;

/// <summary>Where a backup's parts come from and go to.</summary>
public static class BackupPaths
{
    public const string ManifestEntry = "manifest.json";
    public const string StorePrefix = "store/";
    public const string FilesPrefix = "files/";
    public const string SqliteStoreEntry = StorePrefix + "controller.db";
    public const string PostgreSqlStoreEntry = StorePrefix + "controller.pgdump";

    /// <summary>
    /// Data-directory files a backup leaves out: the live database (its consistent copy is the store entry), its journal
    /// files, the lock, and uploads still being received.
    /// </summary>
    public static bool IsLeftOut(string relativePath) =>
        relativePath is "controller.db" or "controller.db-wal" or "controller.db-shm" or "controller.db-journal" or Storage.DataDirectoryLock.FileName
        || relativePath.StartsWith("media/.upload-", StringComparison.Ordinal);

    public static bool IsInside(string path, string directory)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        return full == root || full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    /// <summary>A tar entry name that stays inside the folder it is extracted to (no "..", no absolute path).</summary>
    public static bool IsSafeEntryName(string name) =>
        name.Length > 0 && !name.StartsWith('/') && !name.Contains('\\') && !name.Contains('\0')
        && name.Split('/').All(part => part.Length > 0 && part != "." && part != "..");
}
