using System.Diagnostics;
using Npgsql;

namespace SignageKiosk.Controller.Backup;

/// <summary>
/// pg_dump and pg_restore for a store on PostgreSQL. The connection comes from Storage:ConnectionString (Npgsql's
/// form), passed as libpq options; the password only through PGPASSWORD, never on a command line others can read.
/// </summary>
public sealed class PostgreSqlTools(string connectionString, string? binDirectory)
{
    /// <summary>A custom-format dump (compressed, restorable table by table) of the whole database.</summary>
    public Task DumpAsync(string file, CancellationToken cancellationToken) =>
        RunAsync("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", "--file", file], cancellationToken);

    /// <summary>Replaces what the dump holds in one transaction: either all of it is restored or nothing changes.</summary>
    public Task RestoreAsync(string file, CancellationToken cancellationToken) =>
        RunAsync("pg_restore", ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", file], cancellationToken);

    private async Task RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(string.IsNullOrWhiteSpace(binDirectory) ? tool : Path.Combine(binDirectory, tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.ArgumentList.Add("--host=" + (settings.Host ?? "localhost"));
        start.ArgumentList.Add("--port=" + settings.Port);
        if (!string.IsNullOrEmpty(settings.Username))
        {
            start.ArgumentList.Add("--username=" + settings.Username);
        }
        start.ArgumentList.Add("--dbname=" + settings.Database);
        start.ArgumentList.Add("--no-password");
        if (!string.IsNullOrEmpty(settings.Password))
        {
            start.Environment["PGPASSWORD"] = settings.Password;
        }
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new BackupException($"无法启动 {tool} / could not start {tool}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new BackupException($"找不到 {tool}（请安装 postgresql-client，或设置 Backup:PostgreSqlBin）/ {tool} not found ({e.Message}): install postgresql-client or set Backup:PostgreSqlBin");
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
            {
                throw new BackupException($"{tool} 失败（退出码 {process.ExitCode}）/ {tool} failed with exit code {process.ExitCode}: {(await error).Trim()}{(await output).Trim()}");
            }
        }
    }
}
