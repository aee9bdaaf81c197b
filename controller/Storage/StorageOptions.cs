namespace SignageKiosk.Controller.Storage;

public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Folder for the SQLite database and the media files. Relative paths are from the working directory.</summary>
    public string DataDirectory { get; set; } = ".data/controller";

    /// <summary>SQLite (one node, the default) or PostgreSQL (one or several nodes sharing one database).</summary>
    public StoreProvider Provider { get; set; } = StoreProvider.Sqlite;

    /// <summary>PostgreSQL only: an Npgsql connection string (Host=…;Port=…;Database=…;Username=…). Never logged.</summary>
    public string? ConnectionString { get; set; }

    public string DatabasePath => Path.Combine(DataDirectory, "controller.db");
    public string MediaDirectory => Path.Combine(DataDirectory, "media");

    public bool IsValid => Provider == StoreProvider.Sqlite || !string.IsNullOrWhiteSpace(ConnectionString);
}
