using SignageKiosk.Controller.Settings;

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

    /// <summary>What is wrong with these settings, or null.</summary>
    public string? Problem() =>
        string.IsNullOrWhiteSpace(DataDirectory) ? SettingsRegistration.Must("Storage:DataDirectory", "不能为空", "must not be empty")
        : Provider == StoreProvider.PostgreSql && string.IsNullOrWhiteSpace(ConnectionString)
            ? SettingsRegistration.Must("Storage:ConnectionString", "在 Storage:Provider 为 PostgreSql 时必须填写", "is required when Storage:Provider is PostgreSql")
        : null;
}
