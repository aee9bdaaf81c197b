using System.Runtime.InteropServices;
using SignageKiosk.Kiosk.Storage;

namespace SignageKiosk.Kiosk.Pairing;

/// <summary>
/// Replaces a small file so that after a power cut or SIGKILL it holds either the old bytes or the new, never a
/// mix: write a temporary file, fsync it, rename it over the old one, fsync the folder. Owner-only (0600).
/// </summary>
public static class AtomicFile
{
    public static async Task WriteAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        OwnerOnly.Folder(folder);
        var temporary = Path.Combine(folder, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp");
        try
        {
            await using (var file = new FileStream(temporary, OwnerOnly.Create(FileMode.CreateNew)))
            {
                await file.WriteAsync(bytes, cancellationToken);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
        SyncFolder(folder);
    }

    /// <summary>Makes the rename itself durable; without it a power cut may bring back the old name.</summary>
    private static void SyncFolder(string folder)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        // .NET cannot open a directory as a file, so ask libc directly (O_RDONLY works on directories).
        var fd = Native.open(folder, 0);
        if (fd >= 0)
        {
            Native.fsync(fd);
            Native.close(fd);
        }
    }

    private static class Native
    {
        [DllImport("libc", SetLastError = true)]
        internal static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", SetLastError = true)]
        internal static extern int fsync(int fd);

        [DllImport("libc", SetLastError = true)]
        internal static extern int close(int fd);
    }
}
