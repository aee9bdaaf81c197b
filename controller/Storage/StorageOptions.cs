namespace SignageKiosk.Controller.Storage;

public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Folder for the SQLite database and the media files. Relative paths are from the working directory.</summary>
    public string DataDirectory { get; set; } = ".data/controller";

    public string DatabasePath => Path.Combine(DataDirectory, "controller.db");
    public string MediaDirectory => Path.Combine(DataDirectory, "media");
}
