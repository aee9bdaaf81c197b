using Microsoft.Data.Sqlite;
using Npgsql;

namespace SignageKiosk.Controller.Storage;

/// <summary>
/// Whether a failure means the data disk is full: SQLite's SQLITE_FULL (its transaction rolled back, nothing half
/// written), PostgreSQL's disk_full (53100), or a file write that ran out of space (ENOSPC on Linux, ERROR_DISK_FULL on Windows).
/// </summary>
public static class StorageFull
{
    public const string Message = "存储空间已满，内容没有保存；请清理控制器的数据盘后重试 (the controller's storage is full; nothing was saved)";

    private const int SqliteFull = 13;
    private const int Enospc = 28;
    private const int ErrorHandleDiskFull = 0x27;
    private const int ErrorDiskFull = 0x70;

    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException sqlite when sqlite.SqliteErrorCode == SqliteFull || sqlite.SqliteExtendedErrorCode == SqliteFull:
                    return true;
                case PostgresException postgres when postgres.SqlState == PostgresErrorCodes.DiskFull:
                    return true;
                case IOException io when (io.HResult & 0xFFFF) is Enospc or ErrorHandleDiskFull or ErrorDiskFull:
                    return true;
            }
        }
        return false;
    }
}
