using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace SignageKiosk.Tests.Support;

/// <summary>A real kiosk host process with its own LiteDB store, started from the built kiosk DLL.</summary>
public sealed class KioskProcess : IAsyncDisposable
{
    private readonly string _controllerUrl;
    private readonly string? _credential;
    private readonly Dictionary<string, string> _settings;
    private readonly StringBuilder _output = new();
    private Process? _process;

    /// <param name="credential">The device credential to configure; null starts the kiosk with none, so it pairs itself.</param>
    public KioskProcess(string name, string controllerUrl, string? credential, Dictionary<string, string>? settings = null)
    {
        DataDirectory = Repo.TempDirectory("kiosk-" + name);
        Port = Repo.FreePort();
        _controllerUrl = controllerUrl;
        _credential = credential;
        _settings = new Dictionary<string, string>
        {
            ["Kiosk:HeartbeatInterval"] = "00:00:02",
            ["Kiosk:ReconnectInitialDelay"] = "00:00:00.200",
            ["Kiosk:ReconnectMaxDelay"] = "00:00:01",
            ["Kiosk:MediaRetryInterval"] = "00:00:00.500",
            ["Logging:LogLevel:Default"] = "Information",
        };
        foreach (var (key, value) in settings ?? [])
        {
            _settings[key] = value;
        }
    }

    /// <summary>Changes a setting for the next start (for example the device clock before a restart).</summary>
    public void Configure(string key, string value) => _settings[key] = value;

    public string DataDirectory { get; }
    /// <summary>Another build of the kiosk host to run instead of this checkout's (a benchmark's "before"); set before starting.</summary>
    public string? Dll { get; set; }
    /// <summary>How long a start may take to answer /healthz (a benchmark on a loaded machine may allow more).</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>Environment variables for the kiosk process on top of the test's own (e.g. DISPLAY), applied at each start.</summary>
    public Dictionary<string, string?> Environment { get; } = [];
    public int Port { get; }
    /// <summary>
    /// Start through the supervisor (packaging/kiosk/kiosk-launch) as the installed unit does, with the test build as the
    /// packaged app and slots under <see cref="UpdatesDirectory"/>: over-the-air updates work only so.
    /// </summary>
    public bool Supervised { get; set; }
    /// <summary>
    /// A command the host (or its supervisor) is started through, its arguments following: for example one that puts it
    /// in a memory control group first (the soak benchmark's --memory-budget). Empty: started directly.
    /// </summary>
    public IReadOnlyList<string> Wrapper { get; set; } = [];
    public string UpdatesDirectory => Path.Combine(DataDirectory, "updates");
    public string Url => $"http://127.0.0.1:{Port}";
    public string StorePath => Path.Combine(DataDirectory, KioskStoreFile.FileName);
    public string Output { get { lock (_output) { return _output.ToString(); } } }
    public bool IsRunning => _process is { HasExited: false };
    /// <summary>The host process's id while it runs (the benchmarks read its memory from /proc).</summary>
    public int? ProcessId => _process is { HasExited: false } process ? process.Id : null;

    public static async Task<KioskProcess> StartAsync(string name, string controllerUrl, string? credential, Dictionary<string, string>? settings = null)
    {
        var kiosk = new KioskProcess(name, controllerUrl, credential, settings);
        await kiosk.StartAsync();
        return kiosk;
    }

    public async Task StartAsync()
    {
        var credentialFile = Path.Combine(DataDirectory, "device.credential");
        if (_credential is not null)
        {
            await File.WriteAllTextAsync(credentialFile, _credential);
        }
        var program = Supervised ? "bash" : "dotnet";
        var start = new ProcessStartInfo(Wrapper.Count > 0 ? Wrapper[0] : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = DataDirectory,
        };
        if (Wrapper.Count > 0)
        {
            foreach (var argument in Wrapper.Skip(1).Append(program))
            {
                start.ArgumentList.Add(argument);
            }
        }
        if (Supervised)
        {
            start.ArgumentList.Add(Path.Combine(Repo.Root, "packaging", "kiosk", "kiosk-launch"));
            start.Environment["SIGNAGEKIOSK_UPDATES"] = UpdatesDirectory;
            start.Environment["SIGNAGEKIOSK_APP"] = Path.GetDirectoryName(Dll ?? Repo.KioskDll);
        }
        else
        {
            start.ArgumentList.Add(Dll ?? Repo.KioskDll);
        }
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(Url);
        start.ArgumentList.Add("--Kiosk:ControllerUrl=" + _controllerUrl);
        if (_credential is not null)
        {
            start.ArgumentList.Add("--Kiosk:CredentialFile=" + credentialFile);
        }
        start.ArgumentList.Add("--Kiosk:DataDirectory=" + DataDirectory);
        foreach (var (key, value) in _settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }
        foreach (var (name, value) in Environment)
        {
            start.Environment[name] = value;
        }
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => { lock (_output) { _output.AppendLine(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { lock (_output) { _output.AppendLine(e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await Eventually.Until(HealthAsync, h => h is not null, $"kiosk {Url} to answer /healthz\n{Output}", StartTimeout);
    }

    /// <summary>Notice id → title as the kiosk's store holds them (read the file directly; stop the kiosk first).</summary>
    public Task<Dictionary<string, string>> CachedNoticeTitlesAsync()
    {
        using var store = KioskStoreFile.Open(DataDirectory);
        return Task.FromResult(store?.NoticeTitles() ?? []);
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly like a power cut.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        _process = null;
    }

    public async Task RestartAsync()
    {
        await KillAsync();
        await StartAsync();
    }

    /// <summary>The credential the kiosk holds now (it rotates on every Hello): the stored one, else the configured one.</summary>
    public string? DeviceCredential()
    {
        var stored = Path.Combine(DataDirectory, "identity", "credential.json");
        return File.Exists(stored)
            ? JsonNode.Parse(File.ReadAllText(stored))!["credential"]!.GetValue<string>()
            : _credential;
    }

    /// <summary>Gives this (not yet started) kiosk an installation id, as if it had made one on an earlier start.</summary>
    public void UseInstallationId(string installationId)
    {
        var identity = Path.Combine(DataDirectory, "identity");
        Directory.CreateDirectory(identity);
        File.WriteAllText(Path.Combine(identity, "installation-id"), installationId + "\n");
    }

    /// <summary>Makes this (not yet started) kiosk a copy of another one's data folder: a cloned disk.</summary>
    public void CopyDataFrom(KioskProcess other)
    {
        foreach (var source in Directory.EnumerateFiles(other.DataDirectory, "*", SearchOption.AllDirectories))
        {
            if (Path.GetRelativePath(other.DataDirectory, source).StartsWith("screenshots", StringComparison.Ordinal))
            {
                continue;   // a browser profile with lock symlinks; not part of the identity
            }
            var target = Path.Combine(DataDirectory, Path.GetRelativePath(other.DataDirectory, source));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target, overwrite: true);
        }
    }

    public async Task<JsonObject> HealthAsync()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        return (await client.GetFromJsonAsync<JsonObject>(Url + "/healthz"))!;
    }

    public async Task<string> BoardAsync()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        return await client.GetStringAsync(Url + "/board");
    }

    /// <summary>The per-boot token the board page at / carries, as the board's script reads it ("" when the page has none).</summary>
    public async Task<string> BoardTokenAsync()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var page = await client.GetStringAsync(Url + "/");
        var config = System.Text.RegularExpressions.Regex.Match(page, "id=\"board-config\"[^>]*>(.*?)</script>", System.Text.RegularExpressions.RegexOptions.Singleline);
        if (!config.Success)
        {
            throw new InvalidOperationException("the board page carries no configuration:\n" + page);
        }
        return JsonNode.Parse(config.Groups[1].Value)?["kioskToken"]?.GetValue<string>() ?? "";
    }

    /// <summary>A client that calls this kiosk's device routes as its board page does: with the page's token.</summary>
    public async Task<HttpClient> BoardClientAsync()
    {
        var client = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("X-Kiosk-Token", await BoardTokenAsync());
        return client;
    }

    /// <summary>
    /// Until the kiosk's cursor reaches <paramref name="seq"/>. Gives up only after 30 s without the cursor moving: a long
    /// catch-up on a busy machine (CI runs two tests at once) is slow, not stuck.
    /// </summary>
    public async Task<JsonObject> WaitForSeqAsync(long seq, string? what = null)
    {
        var reached = -1L;
        while (true)
        {
            // Each round ends when the cursor reaches seq or moves on from where the last round left it.
            JsonObject health;
            try
            {
                health = await Eventually.Until(HealthAsync, h => h["seq"]!.GetValue<long>() >= seq || h["seq"]!.GetValue<long>() > reached,
                    what ?? $"kiosk to reach sequence {seq}");
            }
            catch (TimeoutException e)
            {
                // The kiosk's log as it is when the wait gives up, not as it was when the wait began.
                throw new TimeoutException(e.Message + "\nkiosk output:\n" + Output, e.InnerException);
            }
            var at = health["seq"]!.GetValue<long>();
            if (at >= seq)
            {
                return health;
            }
            reached = at;
        }
    }

    public Task<string> WaitForBoardAsync(Func<string, bool> condition, string what) =>
        Eventually.Until(BoardAsync, condition, what + "\n" + Output);

    public async ValueTask DisposeAsync() => await KillAsync();
}
