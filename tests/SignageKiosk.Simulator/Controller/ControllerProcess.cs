using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SignageKiosk.Simulator.Measure;

namespace SignageKiosk.Simulator.Controller;

/// <summary>
/// The real controller as its own process (the built DLL under <c>dotnet</c>), so its memory and CPU can be read
/// from /proc apart from the simulator's. Production settings except where named: the data directory, the
/// bootstrap administrator's password and the port. Its environment carries the runtime settings its build ships
/// beside the DLL (runtime.env, read by the package's systemd unit too; decision 0057), so a benchmark measures the
/// controller as a station runs it. Its log is drained and its warnings and errors counted.
/// </summary>
public sealed class ControllerProcess : IAsyncDisposable
{
    public const string AdminPassword = "sim-admin-pw";
    /// <summary>Open files the controller may hold: one per kiosk connection plus its database and logs.</summary>
    public const int FileLimit = 65_536;

    private readonly Dictionary<string, string> _settings;
    private readonly Queue<string> _recent = new();
    private Process? _process;
    private long _warnings;
    private long _errors;

    public ControllerProcess(string dataDirectory, int? port = null, Dictionary<string, string>? settings = null)
    {
        DataDirectory = Path.GetFullPath(dataDirectory);
        Directory.CreateDirectory(DataDirectory);
        Port = port ?? RepoPaths.FreePort();
        _settings = new Dictionary<string, string>
        {
            ["Storage:DataDirectory"] = DataDirectory,
            ["Auth:BootstrapAdminPassword"] = AdminPassword,
            ["Demo:ImportOnFirstStart"] = "false",
        };
        foreach (var (key, value) in settings ?? [])
        {
            _settings[key] = value;
        }
    }

    public string DataDirectory { get; }
    public int Port { get; }
    /// <summary>The controller build to run: this checkout's by default, another (an older commit's) for a before/after benchmark.</summary>
    public string Dll { get; init; } = RepoPaths.ControllerDll;

    /// <summary>Environment variables for the next start: a value sets one, null removes it (e.g. HOME, as for a service user without one).</summary>
    public Dictionary<string, string?> EnvironmentOverrides { get; } = new(StringComparer.Ordinal);
    public string Url => $"http://127.0.0.1:{Port}";
    public int Pid => _process?.Id ?? throw new InvalidOperationException("the controller is not running");
    public bool IsRunning => _process is { HasExited: false };
    public long Warnings => Interlocked.Read(ref _warnings);
    /// <summary>From the last start of the process to its first answer on /healthz, read by a probe on a thread of its own (<see cref="HealthProbe"/>).</summary>
    public TimeSpan? HealthAfterStart { get; private set; }
    /// <summary>From the last start of the process until it listened (the probe's first connection was made): how long the start itself took.</summary>
    public TimeSpan? ListeningAfterStart { get; private set; }
    /// <summary>The same, read by an HttpClient on this process's thread pool (as before 2026-12-07): includes this process's own queue.</summary>
    public TimeSpan? PooledHealthAfterStart { get; private set; }
    /// <summary>The <see cref="Stopwatch"/> timestamp of that first answer.</summary>
    public long HealthAnsweredAt { get; private set; }
    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>The last lines of its log, for error messages.</summary>
    public string RecentOutput
    {
        get
        {
            lock (_recent)
            {
                return string.Join('\n', _recent);
            }
        }
    }

    private Dictionary<string, int> Problems { get; } = new(StringComparer.Ordinal);
    private string? _pendingProblem;

    public static async Task<ControllerProcess> StartAsync(string dataDirectory, int? port = null, Dictionary<string, string>? settings = null, CancellationToken cancellationToken = default)
    {
        var controller = new ControllerProcess(dataDirectory, port, settings);
        await controller.StartAsync(cancellationToken);
        return controller;
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var dll = Dll;
        // Through a shell only to raise the open-file limit first; exec keeps the pid the controller's.
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"ulimit -n {FileLimit} 2>/dev/null || ulimit -n \"$(ulimit -Hn)\"; exec dotnet \"$@\"");
        start.ArgumentList.Add("controller");
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(Url);
        foreach (var (key, value) in _settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in EnvironmentFile.Read(Path.Combine(Path.GetDirectoryName(dll)!, "runtime.env")))
        {
            start.Environment[name] = value;
        }
        foreach (var (name, value) in EnvironmentOverrides)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }
        HealthAfterStart = null;
        ListeningAfterStart = null;
        PooledHealthAfterStart = null;
        var startedAt = Stopwatch.GetTimestamp();
        _process = Process.Start(start)!;
        // A benchmark stopped with SIGTERM or Ctrl+C must not leave a controller holding 10,000 sockets behind.
        var started = _process;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillQuietly(started);
        _process.OutputDataReceived += (_, e) => Record(e.Data);
        _process.ErrorDataReceived += (_, e) => Record(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        // Two probes at once: one on a thread of its own (what the controller did; see HealthProbe), and the one this
        // process's thread pool makes, which also waits for the simulated fleet's work queued before it.
        var process = _process;
        var own = HealthProbe.FirstHealthyAsync(Port, TimeSpan.FromSeconds(120), () => !process.HasExited);
        var pooled = PooledProbeAsync(process, cancellationToken);
        if (await own is not { } answered)
        {
            throw process.HasExited
                ? new InvalidOperationException($"the controller exited with {process.ExitCode}:\n{RecentOutput}")
                : new TimeoutException($"the controller did not answer /healthz within two minutes:\n{RecentOutput}");
        }
        HealthAnsweredAt = answered.AnsweredAt;
        HealthAfterStart = Stopwatch.GetElapsedTime(startedAt, answered.AnsweredAt);
        ListeningAfterStart = Stopwatch.GetElapsedTime(startedAt, answered.ConnectedAt);
        PooledHealthAfterStart = await pooled is { } pooledAt ? Stopwatch.GetElapsedTime(startedAt, pooledAt) : null;
    }

    private async Task<long?> PooledProbeAsync(Process process, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (!process.HasExited && DateTime.UtcNow < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                using var response = await http.GetAsync(Url + "/healthz", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return Stopwatch.GetTimestamp();
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not up yet, or too busy to answer within the probe's timeout (thousands of kiosks knocking).
            }
            await Task.Delay(100, cancellationToken);
        }
        return null;
    }

    public async Task<JsonObject?> HealthAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        return await http.GetFromJsonAsync<JsonObject>(Url + "/healthz", cancellationToken);
    }

    /// <summary>SIGKILL: no shutdown code runs, like a power cut; every kiosk connection drops at once.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        _process?.Dispose();
        _process = null;
    }

    private static void KillQuietly(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    public Task<AdminApi> AdminAsync(CancellationToken cancellationToken) => AdminApi.SignInAsync(Url, "admin", AdminPassword, cancellationToken);

    /// <summary>Every line of the controller's log is appended here when SIGNAGEKIOSK_CONTROLLER_LOG names a file (diagnosis).</summary>
    private static readonly string? FullLogPath = Environment.GetEnvironmentVariable("SIGNAGEKIOSK_CONTROLLER_LOG") is { Length: > 0 } path ? path : null;

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }
        // The console logger writes "warn: Category[id]" / "fail: …" / "crit: …", then the message on the next line.
        var isWarning = line.StartsWith("warn:", StringComparison.Ordinal);
        var isError = line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal);
        lock (_recent)
        {
            if (FullLogPath is { } path)
            {
                // Timed on receipt, so a diagnosis can line the controller's log up with the benchmark's own.
                File.AppendAllText(path, DateTime.UtcNow.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture) + " " + line + "\n");
            }
            _recent.Enqueue(line);
            while (_recent.Count > 200)
            {
                _recent.Dequeue();
            }
            if (_pendingProblem is { } category)
            {
                _pendingProblem = null;
                var key = category + " " + line.Trim();
                key = key.Length > 200 ? key[..200] : key;
                Problems[key] = Problems.GetValueOrDefault(key) + 1;
            }
            if (isWarning || isError)
            {
                _pendingProblem = line;
            }
        }
        if (isWarning)
        {
            Interlocked.Increment(ref _warnings);
        }
        else if (isError)
        {
            Interlocked.Increment(ref _errors);
        }
    }

    /// <summary>Warnings and errors so far, grouped by category and message.</summary>
    public Dictionary<string, int> ProblemsSoFar()
    {
        lock (_recent)
        {
            return new Dictionary<string, int>(Problems, StringComparer.Ordinal);
        }
    }

    public async ValueTask DisposeAsync() => await KillAsync();
}
