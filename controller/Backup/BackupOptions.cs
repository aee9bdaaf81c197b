namespace SignageKiosk.Controller.Backup;

/// <summary>Scheduled backups (docs/backup.md). Without a Schedule nothing runs on its own; the commands work regardless.</summary>
public sealed class BackupOptions
{
    public const string Section = "Backup";

    /// <summary>"daily HH:mm" (in <see cref="TimeZone"/>) or "every hh:mm:ss"; empty for no scheduled backups.</summary>
    public string? Schedule { get; set; }

    /// <summary>Where scheduled backups go (and the default for <c>backup</c> without --to). Never inside the data directory.</summary>
    public string? Directory { get; set; }

    /// <summary>How many scheduled backups to keep; older ones are deleted after each new one.</summary>
    public int Keep { get; set; } = 7;

    /// <summary>The zone of a daily time; the stations' default (Asia/Shanghai) when empty.</summary>
    public string? TimeZone { get; set; }

    /// <summary>PostgreSQL only: the folder holding pg_dump and pg_restore; else they are looked up on PATH.</summary>
    public string? PostgreSqlBin { get; set; }
}
