using System.Diagnostics;
using Npgsql;

namespace SignageKiosk.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL cluster from Debian's packages (there is no container engine here): initdb and pg_ctl in a
/// temporary directory, on 127.0.0.1 and a free port, stopped when the test process ends. initdb refuses to run as
/// root, so as root the cluster runs as the <c>postgres</c> user the package created. One cluster per test process;
/// each controller gets its own database in it.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private static readonly Lazy<PostgresServer> SharedServer = new(() => Start("shared"));
    private readonly string _bin;
    private readonly bool _asPostgresUser;
    private int _databases;

    private PostgresServer(string directory, int port, string bin, bool asPostgresUser)
    {
        Root = directory;
        Port = port;
        _bin = bin;
        _asPostgresUser = asPostgresUser;
    }

    /// <summary>The process's cluster, started on first use.</summary>
    public static PostgresServer Shared => SharedServer.Value;

    /// <summary>Whether the tests run on PostgreSQL (SIGNAGEKIOSK_TEST_STORE=postgresql), not the embedded SQLite.</summary>
    public static bool Selected =>
        string.Equals(Environment.GetEnvironmentVariable("SIGNAGEKIOSK_TEST_STORE"), "postgresql", StringComparison.OrdinalIgnoreCase);

    public string Root { get; }
    public int Port { get; private set; }
    public string DataDirectory => Path.Combine(Root, "data");

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
        // Many controllers share one test cluster; keep each one's pool small.
        MaxPoolSize = 30,
        Timeout = 30,
    }.ConnectionString;

    public static PostgresServer Start(string name)
    {
        var bin = FindBin();
        StopAbandoned(bin);
        var directory = Repo.TempDirectory("pg-" + name);
        File.WriteAllText(Path.Combine(directory, OwnerFile), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var asPostgresUser = Environment.UserName == "root";
        if (asPostgresUser)
        {
            Run("chown", ["-R", "postgres:postgres", directory]);
        }
        var server = new PostgresServer(directory, Repo.FreePort(), bin, asPostgresUser);
        server.Tool("initdb", ["-D", server.DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]);
        // The free port can be taken by someone else between the look and the bind: try another one.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                server.StartAgain();
                break;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                server.Port = Repo.FreePort();
            }
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        return server;
    }

    /// <summary>A fresh, empty database; returns its connection string.</summary>
    public string CreateDatabase(string name)
    {
        var database = "sk_" + new string(name.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(30).ToArray()) + "_" + Interlocked.Increment(ref _databases);
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE DATABASE {database};", connection);
        command.ExecuteNonQuery();
        return ConnectionString(database);
    }

    /// <summary>Stops the server at once (as a crash would), keeping its files: <see cref="StartAgain"/> recovers from them.</summary>
    public void Kill() => Tool("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], check: false);

    public void StartAgain() => Tool("pg_ctl", ["-D", DataDirectory, "-l", Path.Combine(Root, "log"), "-w", "-t", "60", "-o",
        $"-p {Port} -k {Root} -c listen_addresses=127.0.0.1 -c max_connections=500 -c shared_buffers=64MB", "start"]);

    public void Dispose()
    {
        Tool("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "stop"], check: false);
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private void Tool(string tool, IReadOnlyList<string> arguments, bool check = true)
    {
        var path = Path.Combine(_bin, tool);
        if (_asPostgresUser)
        {
            Run("runuser", ["-u", "postgres", "--", path, .. arguments], check);
        }
        else
        {
            Run(path, arguments, check);
        }
    }

    private static void Run(string file, IReadOnlyList<string> arguments, bool check = true)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + file);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (check && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {error.Result}{output.Result}");
        }
    }

    private const string OwnerFile = "owner.pid";

    /// <summary>Clusters left running by a test process that was killed (it never got to stop them).</summary>
    private static void StopAbandoned(string bin)
    {
        var parent = Path.Combine(Path.GetTempPath(), "signagekiosk-tests");
        Directory.CreateDirectory(parent);
        foreach (var directory in Directory.GetDirectories(parent, "pg-*"))
        {
            var owner = Path.Combine(directory, OwnerFile);
            if (!File.Exists(owner))
            {
                // Another test process may be between creating its directory and writing its owner file.
                if (Directory.GetCreationTimeUtc(directory) < DateTime.UtcNow.AddMinutes(-1))
                {
                    Directory.Delete(directory, recursive: true);
                }
                continue;
            }
            if (int.TryParse(File.ReadAllText(owner), out var pid) && Directory.Exists("/proc/" + pid))
            {
                continue;
            }
            var cluster = new PostgresServer(directory, 0, bin, Environment.UserName == "root");
            cluster.Dispose();
        }
    }

    private static string FindBin()
    {
        var root = "/usr/lib/postgresql";
        var bin = Directory.Exists(root)
            ? Directory.GetDirectories(root).Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderByDescending(d => d, StringComparer.Ordinal).FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException("PostgreSQL is not installed (apt-get install postgresql; .ci/setup does it)");
    }
}
