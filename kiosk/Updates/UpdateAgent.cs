using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Options;
using SignageKiosk.Kiosk.Media;
using SignageKiosk.Kiosk.Storage;
using SignageKiosk.Kiosk.Sync;
using SignageKiosk.Shared.Sync;
using SignageKiosk.Shared.Updates;

namespace SignageKiosk.Kiosk.Updates;

/// <summary>
/// The kiosk's half of over-the-air updates (decision 0051). An offered build is checked against the operator's key
/// (before a byte is fetched: the signature is over the hash), downloaded by hash and resumably like media, its hash
/// checked, unpacked into the slot not running, and marked for trial; then the app exits with
/// <see cref="SwitchExitCode"/> and the supervisor (packaging/kiosk/kiosk-launch) starts the new build. A build on trial
/// that becomes healthy — connected, in sync, its board served — keeps itself (writes current, removes trial); the
/// supervisor rolls back one that does not, and the build before it reports why. Every step is reported through the hub;
/// the last word waits in a file until the controller has it.
/// </summary>
public sealed class UpdateAgent(
    IOptions<KioskUpdateOptions> options,
    IOptions<KioskOptions> kioskOptions,
    ControllerLink link,
    ControllerEndpoints endpoints,
    IHttpClientFactory httpClientFactory,
    IHostApplicationLifetime lifetime,
    IServer server,
    TimeProvider time,
    ILogger<UpdateAgent> logger) : BackgroundService
{
    /// <summary>EX_TEMPFAIL: "a new build is installed, start me again" to the supervisor.</summary>
    public const int SwitchExitCode = 75;

    private abstract record Work;
    private sealed record OfferWork(UpdateOffer Offer) : Work;
    private sealed record ReadyWork : Work;
    private sealed record CheckWork : Work;

    private readonly Channel<Work> _work = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HashSet<string> _given = new(StringComparer.Ordinal);
    private DateTimeOffset _retryAfter = DateTimeOffset.MinValue;

    /// <summary>The supervisor's folder (SIGNAGEKIOSK_UPDATES); null when the app was not started by it (no updates then).</summary>
    public static string? Folder => Environment.GetEnvironmentVariable("SIGNAGEKIOSK_UPDATES") is { Length: > 0 } folder ? Path.GetFullPath(folder) : null;

    /// <summary>The slot this app was started from (a, b) or "packaged".</summary>
    public static string Slot => Environment.GetEnvironmentVariable("SIGNAGEKIOSK_SLOT") is { Length: > 0 } slot ? slot : "packaged";

    /// <summary>A pushed offer (hub OfferUpdate).</summary>
    public void Offer(UpdateOffer offer) => _work.Writer.TryWrite(new OfferWork(offer));

    /// <summary>Asks the controller for a build (after a heartbeat).</summary>
    public void Check() => _work.Writer.TryWrite(new CheckWork());

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        link.Ready += () => _work.Writer.TryWrite(new ReadyWork());
        if (Folder is { } folder)
        {
            OwnerOnly.Folder(folder);
            NoteRollback(folder);
            if (Trial(folder) is { } trial && trial.GetValueOrDefault("slot") == Slot)
            {
                logger.LogWarning("Build {Version} in slot {Slot} is on trial: it must be healthy within {Seconds} s", KioskVersion.Current, Slot, trial.GetValueOrDefault("seconds"));
            }
        }
        else
        {
            logger.LogInformation("Not started by kiosk-launch (no SIGNAGEKIOSK_UPDATES): over-the-air updates are off");
        }
        if (link.Connection is not null)
        {
            _work.Writer.TryWrite(new ReadyWork());
        }
        await foreach (var work in _work.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                switch (work)
                {
                    case ReadyWork:
                        await CommitTrialAsync(stoppingToken);
                        await SendPendingAsync(stoppingToken);
                        await CheckAsync(stoppingToken);
                        break;
                    case CheckWork:
                        await CommitTrialAsync(stoppingToken);
                        await SendPendingAsync(stoppingToken);
                        await CheckAsync(stoppingToken);
                        break;
                    case OfferWork offer:
                        await HandleAsync(offer.Offer, stoppingToken);
                        break;
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Update step {Step} failed: {Message}", work.GetType().Name, e.Message);
            }
        }
    }

    private async Task CheckAsync(CancellationToken cancellationToken)
    {
        if (link.Connection is { } connection && Folder is not null && time.GetUtcNow() >= _retryAfter && !OnTrial())
        {
            if (await connection.InvokeAsync<UpdateOffer?>(SyncProtocol.CheckForUpdate, cancellationToken) is { } offer)
            {
                await HandleAsync(offer, cancellationToken);
            }
        }
    }

    private bool OnTrial() => Folder is { } folder && Trial(folder) is not null;

    private async Task HandleAsync(UpdateOffer offer, CancellationToken cancellationToken)
    {
        if (_given.Contains(offer.Sha256) || OnTrial())
        {
            return;   // refused or installed already by this run; the controller hears of it through the report
        }
        if (offer.Version == KioskVersion.Current)
        {
            logger.LogInformation("Offered build {Version} is the one running", offer.Version);
            _given.Add(offer.Sha256);
            await ReportAsync(offer, UpdateStep.Healthy, "already running this version", cancellationToken);
            return;
        }
        if (Folder is not { } folder)
        {
            await RefuseAsync(offer, "这台屏幕不是由 kiosk-launch 启动的，无法切换版本 (not started by kiosk-launch: it cannot switch builds)", cancellationToken);
            return;
        }
        if (Refusal(offer) is { } refusal)
        {
            await RefuseAsync(offer, refusal, cancellationToken);
            return;
        }
        logger.LogInformation("Downloading build {Version} ({Sha256}, {Size} bytes) of rollout {RolloutId}", offer.Version, offer.Sha256, offer.Size, offer.RolloutId);
        await ReportAsync(offer, UpdateStep.Downloading, null, cancellationToken);
        var downloads = Path.Combine(folder, "downloads");
        OwnerOnly.Folder(downloads);
        var partial = Path.Combine(downloads, ".partial-" + offer.Sha256);
        try
        {
            if (!File.Exists(partial) || new FileInfo(partial).Length != offer.Size)
            {
                using var client = httpClientFactory.CreateClient(nameof(UpdateAgent));
                await ResumableDownload.FetchAsync(client, endpoints, "api/updates/builds/" + offer.Sha256, kioskOptions.Value.ResolveCredential(), partial, offer.Size, cancellationToken);
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Kept as far as it got: the next offer (a heartbeat away) resumes it.
            _retryAfter = time.GetUtcNow() + options.Value.RetryInterval;
            logger.LogWarning("Download of build {Sha256} broke off: {Message}; resuming later", offer.Sha256, e.Message);
            return;
        }
        catch (InvalidDataException e)
        {
            File.Delete(partial);
            await RefuseAsync(offer, "下载的安装包与其大小不符 (the download does not match the build's size): " + e.Message, cancellationToken);
            return;
        }
        var actual = await ResumableDownload.Sha256OfAsync(partial, cancellationToken);
        var length = new FileInfo(partial).Length;
        if (actual != offer.Sha256)
        {
            File.Delete(partial);
            await RefuseAsync(offer, $"下载的安装包与其 SHA-256 不符，可能在传输或存放中被改动 (the download's SHA-256 is {actual}, not {offer.Sha256}: changed in transit or on the controller; {length} bytes)", cancellationToken);
            return;
        }
        var slot = Slot == "a" ? "b" : "a";
        var target = Path.Combine(folder, "slots", slot);
        var unpacking = target + ".new";
        try
        {
            OwnerOnly.Folder(Path.Combine(folder, "slots"));
            DeleteFolder(unpacking);
            await using (var bundle = File.OpenRead(partial))
            {
                var manifest = await BuildBundle.InspectAsync(bundle, options.Value.MaxUnpackedBytes, cancellationToken);
                if (manifest.Version != offer.Version)
                {
                    throw new InvalidDataException($"the build says it is {manifest.Version}, the offer {offer.Version}");
                }
                bundle.Position = 0;
                await BuildBundle.UnpackAsync(bundle, unpacking, options.Value.MaxUnpackedBytes, cancellationToken);
            }
            DeleteFolder(target);
            Directory.Move(unpacking, target);
        }
        catch (InvalidDataException e)
        {
            DeleteFolder(unpacking);
            File.Delete(partial);
            await RefuseAsync(offer, "安装包无法安装 (the build cannot be installed): " + e.Message, cancellationToken);
            return;
        }
        File.Delete(partial);
        WriteFile(Path.Combine(folder, "trial"), string.Join('\n',
            "slot=" + slot,
            "previous=" + Slot,
            "seconds=" + Math.Max(10, options.Value.TrialSeconds),
            "rollout=" + offer.RolloutId,
            "sha256=" + offer.Sha256,
            "version=" + offer.Version) + "\n");
        _given.Add(offer.Sha256);
        logger.LogWarning("Build {Version} installed in slot {Slot}; restarting into it (back to {Previous} unless it is healthy within {Seconds} s)",
            offer.Version, slot, Slot, options.Value.TrialSeconds);
        await ReportAsync(offer, UpdateStep.Installed, null, cancellationToken);
        Environment.ExitCode = SwitchExitCode;
        lifetime.StopApplication();
    }

    /// <summary>Why the offered build must not be installed before it is even fetched: no key, or a signature the key does not make.</summary>
    private string? Refusal(UpdateOffer offer)
    {
        if (options.Value.PublicKeyPath is not { Length: > 0 } keyPath || !File.Exists(keyPath))
        {
            logger.LogError("No operator public key (Updates:PublicKeyPath): every build is refused");
            return "这台屏幕没有配置运维公钥，不安装任何版本 (no operator public key is configured here, Updates:PublicKeyPath: no build is installed)";
        }
        using var key = BuildBundle.PublicKey(File.ReadAllText(keyPath), out var problem);
        if (key is null)
        {
            logger.LogError("Updates:PublicKeyPath {Path} is not usable: {Problem}", keyPath, problem);
            return "运维公钥无法读取 (the operator public key cannot be read): " + problem;
        }
        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(offer.Signature);
        }
        catch (FormatException)
        {
            return "签名不是 base64 (the signature is not base64)";
        }
        return BuildBundle.Verify(key, Convert.FromHexString(offer.Sha256), signature)
            ? null
            : "签名与本机的运维公钥不符：由其他密钥签名，或签名后被改动 (the signature does not match this kiosk's operator key: signed by another key, or changed after signing)";
    }

    private async Task RefuseAsync(UpdateOffer offer, string reason, CancellationToken cancellationToken)
    {
        _given.Add(offer.Sha256);
        logger.LogError("Refused build {Version} ({Sha256}) of rollout {RolloutId}: {Reason}", offer.Version, offer.Sha256, offer.RolloutId, reason);
        await ReportAsync(offer, UpdateStep.Refused, reason, cancellationToken);
    }

    /// <summary>
    /// The build on trial is healthy once the sync client said hello and caught up (this is called then) and its own board
    /// page renders: it keeps itself. current is written before trial goes, so a power cut between leaves it kept.
    /// </summary>
    private async Task CommitTrialAsync(CancellationToken cancellationToken)
    {
        if (Folder is not { } folder || Trial(folder) is not { } trial || trial.GetValueOrDefault("slot") != Slot)
        {
            return;
        }
        if (await BoardProblemAsync(cancellationToken) is { } problem)
        {
            logger.LogWarning("Build {Version} on trial is not healthy yet: {Problem}", KioskVersion.Current, problem);
            return;
        }
        WriteFile(Path.Combine(folder, "current"), Slot + "\n");
        File.Delete(Path.Combine(folder, "trial"));
        logger.LogWarning("Build {Version} in slot {Slot} is healthy: kept", KioskVersion.Current, Slot);
        if (long.TryParse(trial.GetValueOrDefault("rollout"), out var rollout) && trial.GetValueOrDefault("sha256") is { } sha)
        {
            Pend(folder, new UpdateReport { RolloutId = rollout, Sha256 = sha, Step = UpdateStep.Healthy, Detail = KioskVersion.Current });
        }
    }

    private async Task<string?> BoardProblemAsync(CancellationToken cancellationToken)
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address is null)
        {
            return "the board server has no address";
        }
        var uri = new UriBuilder(address.Replace("://+", "://127.0.0.1").Replace("://*", "://127.0.0.1").Replace("://[::]", "://127.0.0.1").Replace("://0.0.0.0", "://127.0.0.1")) { Path = "/board" }.Uri;
        try
        {
            using var client = httpClientFactory.CreateClient(nameof(UpdateAgent) + ".board");
            using var response = await client.GetAsync(uri, cancellationToken);
            return response.IsSuccessStatusCode ? null : $"the board answered {(int)response.StatusCode}";
        }
        catch (HttpRequestException e)
        {
            return "the board did not answer: " + e.Message;
        }
    }

    /// <summary>The supervisor rolled a build back: the build before it (this one) tells the controller why.</summary>
    private void NoteRollback(string folder)
    {
        var path = Path.Combine(folder, "rolled-back");
        if (Read(path) is not { } rolledBack)
        {
            return;
        }
        logger.LogError("The supervisor rolled build {Version} back to this one ({Current}): {Reason}",
            rolledBack.GetValueOrDefault("version"), KioskVersion.Current, rolledBack.GetValueOrDefault("reason"));
        if (long.TryParse(rolledBack.GetValueOrDefault("rollout"), out var rollout) && rolledBack.GetValueOrDefault("sha256") is { } sha && BuildBundle.IsSha256(sha))
        {
            var reason = rolledBack.GetValueOrDefault("reason") ?? "unknown";
            Pend(folder, new UpdateReport
            {
                RolloutId = rollout,
                Sha256 = sha,
                Step = UpdateStep.RolledBack,
                Detail = Truncate($"已回滚到 {KioskVersion.Current}：{reason} (rolled back to {KioskVersion.Current}: {reason})"),
            });
            _given.Add(sha);
        }
        File.Delete(path);
    }

    private void Pend(string folder, UpdateReport report) =>
        WriteFile(Path.Combine(folder, "report.json"), JsonSerializer.Serialize(report, Json));

    /// <summary>Delivers the last word (healthy, rolled back) kept in report.json; kept until the controller has it.</summary>
    private async Task SendPendingAsync(CancellationToken cancellationToken)
    {
        if (Folder is not { } folder || link.Connection is not { } connection)
        {
            return;
        }
        var path = Path.Combine(folder, "report.json");
        if (!File.Exists(path))
        {
            return;
        }
        var report = JsonSerializer.Deserialize<UpdateReport>(await File.ReadAllTextAsync(path, cancellationToken), Json);
        if (report is not null)
        {
            try
            {
                await connection.InvokeAsync(SyncProtocol.ReportUpdate, report, cancellationToken);
                logger.LogInformation("Reported {Step} for build {Sha256} of rollout {RolloutId}", report.Step, report.Sha256, report.RolloutId);
            }
            catch (HubException e)
            {
                // Refused for good (the rollout is gone): nothing to retry.
                logger.LogWarning("The controller refused the update report: {Message}", e.Message);
            }
        }
        File.Delete(path);
    }

    /// <summary>Best effort for the steps on the way; a lost one is overtaken by the next.</summary>
    private async Task ReportAsync(UpdateOffer offer, UpdateStep step, string? detail, CancellationToken cancellationToken)
    {
        var report = new UpdateReport { RolloutId = offer.RolloutId, Sha256 = offer.Sha256, Step = step, Detail = detail is null ? null : Truncate(detail) };
        if (link.Connection is not { } connection)
        {
            if (step is UpdateStep.Refused or UpdateStep.Healthy && Folder is { } folder)
            {
                Pend(folder, report);
            }
            return;
        }
        try
        {
            await connection.InvokeAsync(SyncProtocol.ReportUpdate, report, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Could not report {Step} for build {Sha256}: {Message}", step, offer.Sha256, e.Message);
            if (step is UpdateStep.Refused or UpdateStep.Healthy && Folder is { } folder)
            {
                Pend(folder, report);
            }
        }
    }

    private static Dictionary<string, string>? Trial(string folder) => Read(Path.Combine(folder, "trial"));

    private static Dictionary<string, string>? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(path))
        {
            var at = line.IndexOf('=');
            if (at > 0)
            {
                result.TryAdd(line[..at], line[(at + 1)..]);
            }
        }
        return result;
    }

    /// <summary>Written whole or not at all (rename), as the supervisor reads these files at any moment.</summary>
    private static void WriteFile(string path, string content)
    {
        var temp = path + ".tmp";
        using (var file = new FileStream(temp, OwnerOnly.Create(FileMode.Create, useAsync: false)))
        {
            file.Write(System.Text.Encoding.UTF8.GetBytes(content));
            file.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    private static void DeleteFolder(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }

    private static string Truncate(string text) => text.Length <= UpdateReport.MaxDetail ? text : text[..UpdateReport.MaxDetail];

    private static readonly JsonSerializerOptions Json = CreateJson();

    private static JsonSerializerOptions CreateJson()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        SyncJson.Configure(json);
        return json;
    }
}
