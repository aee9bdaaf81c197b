namespace SignageKiosk.Controller.Storage;

/// <summary>
/// An advisory lock on <c>controller.lock</c> in the data directory (flock underneath, so it goes with the process,
/// a crash included). A running controller holds it shared (several nodes may share a folder); a restore takes it
/// exclusively, so it refuses while any controller runs on the folder and a controller cannot start during one.
/// </summary>
public sealed class DataDirectoryLock : IDisposable
{
    public const string FileName = "controller.lock";

    private readonly FileStream _file;

    private DataDirectoryLock(FileStream file) => _file = file;

    /// <summary>What a running controller holds.</summary>
    public static DataDirectoryLock Shared(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        try
        {
            return new DataDirectoryLock(Open(dataDirectory, FileShare.ReadWrite));
        }
        catch (IOException)
        {
            throw new InvalidOperationException($"the data directory {Path.GetFullPath(dataDirectory)} is being restored from a backup; start the controller when the restore has finished");
        }
    }

    /// <summary>The restore's lock, or null while a controller runs on the folder.</summary>
    public static DataDirectoryLock? TryExclusive(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        try
        {
            return new DataDirectoryLock(Open(dataDirectory, FileShare.None));
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static FileStream Open(string dataDirectory, FileShare share) =>
        new(Path.Combine(dataDirectory, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, share);

    public void Dispose() => _file.Dispose();
}
