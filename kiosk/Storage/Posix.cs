using System.Runtime.InteropServices;

namespace SignageKiosk.Kiosk.Storage;

/// <summary>The few libc calls .NET does not offer: fsync of a folder, and the file-creation mask.</summary>
public static class Posix
{
    /// <summary>Makes renames in <paramref name="folder"/> durable; without it a power cut may bring back the old name.</summary>
    public static void SyncFolder(string folder)
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

    /// <summary>
    /// Every file and folder this process creates from now on is its user's alone (mask 077). LiteDB creates its
    /// log file afresh after each checkpoint with the default mode, so the mask, not a chmod afterwards, is what
    /// keeps it 0600 from its first byte.
    /// </summary>
    public static void OwnerOnlyFromNowOn()
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            Native.umask(0b000_111_111);
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

        [DllImport("libc")]
        internal static extern uint umask(uint mask);
    }
}
