namespace SignageKiosk.Kiosk.Storage;

/// <summary>
/// Everything the kiosk keeps is readable by its own user only: folders 0700, files 0600. A board shows what any
/// passer-by may read, but the device credential, the cache and the display log are the kiosk's alone (and a
/// shared login on a station PC must not read them).
/// </summary>
public static class OwnerOnly
{
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates the folder (and any missing parent) owner-only, and makes an existing one so: it is the kiosk's own.</summary>
    public static void Folder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }
        Directory.CreateDirectory(path, FolderMode);
        if (File.GetUnixFileMode(path) != FolderMode)
        {
            File.SetUnixFileMode(path, FolderMode);
        }
    }

    /// <summary>Options for a new file (or one truncated or appended to) that only the kiosk's user can read.</summary>
    public static FileStreamOptions Create(System.IO.FileMode mode, FileAccess access = FileAccess.Write, int bufferSize = 81920, bool useAsync = true)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = FileShare.None, BufferSize = bufferSize, Options = useAsync ? FileOptions.Asynchronous : FileOptions.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }
        return options;
    }

    /// <summary>
    /// Before SQLite opens <paramref name="path"/>: its folder owner-only and the file made empty at 0600 if missing.
    /// SQLite gives its -wal and -shm files the database file's mode, so they are born 0600 too.
    /// </summary>
    public static void PrepareDatabase(string path)
    {
        Folder(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        if (!File.Exists(path))
        {
            using var _ = new FileStream(path, Create(System.IO.FileMode.CreateNew, useAsync: false));
        }
        RestrictDatabase(path);
    }

    /// <summary>After opening: the database and its -wal and -shm files 0600, whatever made them (an older kiosk, a restore).</summary>
    public static void RestrictDatabase(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
        {
            var file = path + suffix;
            try
            {
                if (File.Exists(file) && File.GetUnixFileMode(file) != FileMode)
                {
                    File.SetUnixFileMode(file, FileMode);
                }
            }
            catch (FileNotFoundException)
            {
                // SQLite removed it meanwhile (a checkpoint): nothing left to protect.
            }
        }
    }
}
