namespace SignageKiosk.Controller.Storage;

/// <summary>Which database holds the controller's store (decision 0037). SQLite is the embedded default.</summary>
public enum StoreProvider
{
    Sqlite,
    PostgreSql,
}
