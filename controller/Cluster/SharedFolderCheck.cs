using Microsoft.Extensions.Options;
using SignageKiosk.Controller.Storage;

namespace SignageKiosk.Controller.Cluster;

/// <summary>
/// Nodes on one PostgreSQL store must share one data folder (decision 0040): photos and kiosk builds are files in it, and
/// a node serves only what it can read. Each node leaves a marker named after itself in the folder's <c>nodes/</c> and
/// looks for the markers of the other live nodes; a live node whose marker it cannot see is on another folder, and what
/// staff upload through one of the two is missing on the other, so it says so as an error naming both, once per node
/// (after two looks in a row, every <see cref="ClusterOptions.NodeTimeout"/>).
/// Nothing on SQLite (one node).
/// </summary>
public sealed class SharedFolderCheck(KioskPresence presence, ControllerDb db, IOptions<StorageOptions> storage, IOptions<ClusterOptions> options,
    TimeProvider time, ILogger<SharedFolderCheck> logger) : BackgroundService
{
    public const string Folder = "nodes";

    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);
    // Missed at the last look: a node that has just joined may not have left its marker yet, so only a second miss counts.
    private HashSet<string> _missed = new(StringComparer.Ordinal);

    private string Markers => Path.GetFullPath(Path.Combine(storage.Value.DataDirectory, Folder));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (db.Provider != StoreProvider.PostgreSql)
        {
            return;
        }
        var marker = Path.Combine(Markers, presence.Node);
        try
        {
            Directory.CreateDirectory(Markers);
            await File.WriteAllTextAsync(marker, $"{Environment.MachineName}:{Environment.ProcessId}\n", stoppingToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The controller still serves; the other nodes will name this one, and this one keeps looking for them.
            logger.LogError(e, "Could not leave this node's marker in {Folder}", Markers);
        }
        try
        {
            using var timer = new PeriodicTimer(options.Value.NodeTimeout, time);
            do
            {
                try
                {
                    await CheckAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The store or the folder is away for a moment; the next round looks again.
                    logger.LogWarning(e, "Could not compare the data folder with the other nodes'");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            try
            {
                File.Delete(marker);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left behind: the others forget it once this node has been gone for ten timeouts.
            }
        }
    }

    /// <summary>Reports each live node whose marker this node cannot see; forgets markers of nodes long gone.</summary>
    internal async Task CheckAsync(CancellationToken cancellationToken)
    {
        var live = await presence.OtherLiveNodesAsync(cancellationToken);
        var missed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (node, name) in live)
        {
            if (File.Exists(Path.Combine(Markers, node)))
            {
                continue;
            }
            missed.Add(node);
            if (_missed.Contains(node) && _reported.Add(node))
            {
                logger.LogError(
                    "Storage:DataDirectory {Folder} is not shared with node {Node} ({NodeName}): photos and kiosk builds uploaded through one of the two are missing on the other. Give every node the same shared folder (docs/decisions/0040)",
                    Path.GetFullPath(storage.Value.DataDirectory), node, name);
            }
        }
        _missed = missed;
        // A killed node leaves its marker; once it has been gone for ten timeouts nobody will ask for it.
        var gone = time.GetUtcNow() - options.Value.NodeTimeout * 10;
        foreach (var marker in Directory.EnumerateFiles(Markers))
        {
            var node = Path.GetFileName(marker);
            if (node != presence.Node && live.All(n => n.Node != node) && File.GetLastWriteTimeUtc(marker) < gone.UtcDateTime)
            {
                File.Delete(marker);
            }
        }
    }
}
