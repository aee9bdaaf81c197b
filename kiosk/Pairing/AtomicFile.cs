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
        Posix.SyncFolder(folder);
    }
}
