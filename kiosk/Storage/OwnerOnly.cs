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

    /// <summary>Makes an existing file 0600, whatever made it (an older kiosk, a restore, a copy by hand).</summary>
    public static void RestrictFile(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        try
        {
            if (File.Exists(path) && File.GetUnixFileMode(path) != FileMode)
            {
                File.SetUnixFileMode(path, FileMode);
            }
        }
        catch (FileNotFoundException)
        {
            // Removed meanwhile (LiteDB deletes its log after a checkpoint): nothing left to protect.
        }
    }
}
