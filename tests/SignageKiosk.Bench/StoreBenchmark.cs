using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Runtime;
using System.Text;
using System.Text.Json.Nodes;
using SignageKiosk.Shared.Board;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Bench;

/// <summary>
/// The kiosk's local store before (SQLite, as of fa82430~1: <see cref="SqliteCacheBaseline"/>) and after (LiteDB: the
/// kiosk's own KioskStore and KioskCache), measured in one run on one machine with the same records: applying a
/// catch-up, opening a full store until the board has its content, the files on disk, and memory (in child processes).
/// </summary>
public static class StoreBenchmark
{
    public sealed record Settings
    {
        public int CatchUpChanges { get; init; } = 10_000;
        public int CatchUpRuns { get; init; } = 5;
        public int StoreItems { get; init; } = 5_000;
        public int OpenRuns { get; init; } = 11;
        public int ProbeRuns { get; init; } = 5;
        public int HostRuns { get; init; } = 3;
        /// <summary>The SQLite kiosk host (fa82430~1) built elsewhere, for the "real host" row of the before; null: left out.</summary>
        public string? BeforeKioskDll { get; init; }
    }

    public const string ProbeFlag = "--store-probe";
    private const string ProbePrefix = "store-probe ";
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;
    private static readonly StoreKind[] Kinds = [StoreKind.Sqlite, StoreKind.LiteDb];

    private sealed record ProbeResult(double OpenMs, double ContentMs, int Items, long WorkingSet, long GcHeap, long GcCommitted, IReadOnlyList<(string Name, long? Bytes)> Files);

    private sealed record HostResult(double HealthyAfterMs, long WorkingSet, long Items);

    public static async Task<string> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        var loadAtStart = LoadAverage();
        var root = Path.Combine(Path.GetTempPath(), "signagekiosk-bench", "store-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        try
        {
            var workload = StoreWorkload.Create();
            var catchUp = workload.MakeCatchUp(settings.CatchUpChanges);
            var full = workload.MakeStore(settings.StoreItems);
            Log($"workload: catch-up of {catchUp.Changes} changes ({catchUp.New} new, {catchUp.Edits} edits, {catchUp.Deletes} deletes), store of {full.Snapshot.Items.Count} items");

            // 1. A catch-up into a new, empty store, in batches of SyncProtocol.MaxBatch, each one transaction with the cursor.
            // Run 0 is each store's first in this process (its code not yet compiled by the tiered JIT): shown apart, not in the median.
            var firstCatchUpMs = new Dictionary<StoreKind, double>();
            var catchUpMs = Kinds.ToDictionary(k => k, _ => new List<double>());
            var catchUpAllocated = Kinds.ToDictionary(k => k, _ => new List<long>());
            var afterCatchUp = new Dictionary<StoreKind, IReadOnlyList<(string Name, long? Bytes)>>();
            for (var run = 0; run <= settings.CatchUpRuns; run++)
            {
                foreach (var kind in Alternating(run))
                {
                    var directory = Path.Combine(root, $"catch-up-{StoreUnderTest.ProbeName(kind)}-{run}");
                    using (var store = StoreUnderTest.Open(kind, directory))
                    {
                        Settle();
                        var allocated = GC.GetTotalAllocatedBytes(precise: true);
                        var clock = Stopwatch.StartNew();
                        foreach (var batch in catchUp.Batches)
                        {
                            store.Apply(batch, batch[^1].Seq);
                        }
                        clock.Stop();
                        if (run == 0)
                        {
                            firstCatchUpMs[kind] = clock.Elapsed.TotalMilliseconds;
                        }
                        else
                        {
                            catchUpAllocated[kind].Add(GC.GetTotalAllocatedBytes(precise: true) - allocated);
                            catchUpMs[kind].Add(clock.Elapsed.TotalMilliseconds);
                        }
                        Require(store.Cursor == catchUp.Changes, $"{kind}: cursor {store.Cursor} after the catch-up");
                        Require(StoreUnderTest.Count(store.Content()) == catchUp.ItemsAfter, $"{kind}: {StoreUnderTest.Count(store.Content())} items after the catch-up, not {catchUp.ItemsAfter}");
                    }
                    afterCatchUp[kind] = StoreUnderTest.Files(kind, directory);
                    Directory.Delete(directory, recursive: true);
                    Log($"  catch-up run {run}{(run == 0 ? " (first in this process, not counted)" : "")}, {kind}: {(run == 0 ? firstCatchUpMs[kind] : catchUpMs[kind][^1]):F0} ms");
                }
            }

            // 2. A store of 5,000 items, written as the kiosk's first sync writes it (one snapshot), then closed.
            var storeDirectory = Kinds.ToDictionary(k => k, k => Path.Combine(root, "store-" + StoreUnderTest.ProbeName(k)));
            var snapshotMs = new Dictionary<StoreKind, double>();
            var closedFiles = new Dictionary<StoreKind, IReadOnlyList<(string Name, long? Bytes)>>();
            foreach (var kind in Kinds)
            {
                using (var store = StoreUnderTest.Open(kind, storeDirectory[kind]))
                {
                    var clock = Stopwatch.StartNew();
                    store.ReplaceAll(full.Snapshot, StoreWorkload.KioskId);
                    snapshotMs[kind] = clock.Elapsed.TotalMilliseconds;
                }
                closedFiles[kind] = StoreUnderTest.Files(kind, storeDirectory[kind]);
                Log($"  snapshot of {full.Snapshot.Items.Count} written, {kind}: {snapshotMs[kind]:F0} ms");
            }

            // 3. Open + check + first Content(), in this process (JIT done, files in the OS cache); run 0 warms up and is not counted.
            var openMs = Kinds.ToDictionary(k => k, _ => new List<double>());
            var contentMs = Kinds.ToDictionary(k => k, _ => new List<double>());
            var totalMs = Kinds.ToDictionary(k => k, _ => new List<double>());
            for (var run = 0; run <= settings.OpenRuns; run++)
            {
                foreach (var kind in Alternating(run))
                {
                    Settle();
                    var clock = Stopwatch.StartNew();
                    var store = StoreUnderTest.Open(kind, storeDirectory[kind]);
                    var opened = clock.Elapsed.TotalMilliseconds;
                    var content = store.Content();
                    var total = clock.Elapsed.TotalMilliseconds;
                    Require(store.Cursor == full.Snapshot.Seq, $"{kind}: opened at cursor {store.Cursor}, not {full.Snapshot.Seq}");
                    Require(StoreUnderTest.Count(content) == full.Snapshot.Items.Count, $"{kind}: {StoreUnderTest.Count(content)} items on the board, not {full.Snapshot.Items.Count}");
                    store.Dispose();
                    if (run > 0)
                    {
                        openMs[kind].Add(opened);
                        contentMs[kind].Add(total - opened);
                        totalMs[kind].Add(total);
                    }
                }
            }
            Log($"  open + check + first Content(), median: SQLite {Median(totalMs[StoreKind.Sqlite]):F1} ms, LiteDB {Median(totalMs[StoreKind.LiteDb]):F1} ms");

            // 4. Memory, and the first open in a new process: child processes of this program, one store each.
            var serverGc = KioskUsesServerGc();
            var probes = new Dictionary<string, List<ProbeResult>>(StringComparer.Ordinal) { ["none"] = [], ["sqlite"] = [], ["litedb"] = [] };
            for (var run = 0; run < settings.ProbeRuns; run++)
            {
                foreach (var which in run % 2 == 0 ? new[] { "none", "sqlite", "litedb" } : ["none", "litedb", "sqlite"])
                {
                    var directory = which == "none" ? root : storeDirectory[which == "sqlite" ? StoreKind.Sqlite : StoreKind.LiteDb];
                    var result = await ProbeAsync(which, directory, serverGc, cancellationToken);
                    if (which != "none")
                    {
                        Require(result.Items == full.Snapshot.Items.Count, $"probe {which}: {result.Items} items");
                    }
                    probes[which].Add(result);
                }
            }
            Log($"  probes: working set none {Median(probes["none"].Select(p => (double)p.WorkingSet)) / 1048576:F1} MB, SQLite {Median(probes["sqlite"].Select(p => (double)p.WorkingSet)) / 1048576:F1} MB, LiteDB {Median(probes["litedb"].Select(p => (double)p.WorkingSet)) / 1048576:F1} MB");

            // 5. The real kiosk hosts on the same stores (no controller reachable): the after always, the before if built.
            var hosts = new List<(string Name, List<HostResult> Runs)>();
            var hostPlan = new List<(string Name, string Dll, StoreKind Kind)>();
            if (settings.BeforeKioskDll is { } before)
            {
                hostPlan.Add(("kiosk host, SQLite (fa82430~1)", Path.GetFullPath(before), StoreKind.Sqlite));
            }
            hostPlan.Add(("kiosk host, LiteDB (this checkout)", Repo.KioskDll, StoreKind.LiteDb));
            foreach (var (name, dll, kind) in hostPlan)
            {
                var runs = new List<HostResult>();
                for (var run = 0; run < settings.HostRuns; run++)
                {
                    var result = await HostAsync(dll, storeDirectory[kind], Path.Combine(root, $"host-{StoreUnderTest.ProbeName(kind)}-{run}"), cancellationToken);
                    Require(result.Items == full.Snapshot.Items.Count, $"{name}: {result.Items} items");
                    runs.Add(result);
                }
                hosts.Add((name, runs));
                Log($"  {name}: working set {Median(runs.Select(r => (double)r.WorkingSet)) / 1048576:F1} MB");
            }

            return Report(settings, catchUp, full, firstCatchUpMs, catchUpMs, catchUpAllocated, afterCatchUp, snapshotMs, closedFiles, openMs, contentMs, totalMs,
                probes, serverGc, hosts, loadAtStart, LoadAverage(), root);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static string Report(
        Settings settings, StoreWorkload.CatchUp catchUp, StoreWorkload.Store full,
        Dictionary<StoreKind, double> firstCatchUpMs, Dictionary<StoreKind, List<double>> catchUpMs, Dictionary<StoreKind, List<long>> catchUpAllocated,
        Dictionary<StoreKind, IReadOnlyList<(string Name, long? Bytes)>> afterCatchUp, Dictionary<StoreKind, double> snapshotMs,
        Dictionary<StoreKind, IReadOnlyList<(string Name, long? Bytes)>> closedFiles,
        Dictionary<StoreKind, List<double>> openMs, Dictionary<StoreKind, List<double>> contentMs, Dictionary<StoreKind, List<double>> totalMs,
        Dictionary<string, List<ProbeResult>> probes, bool serverGc, List<(string Name, List<HostResult> Runs)> hosts,
        string loadAtStart, string loadAtEnd, string root)
    {
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');
        string Ms(double value) => value.ToString(value < 100 ? "F1" : "F0", Culture) + " ms";
        string Mb(double bytes) => (bytes / 1048576).ToString("F1", Culture) + " MB";
        string Size(long? bytes) => bytes is { } b ? (b < 1024 * 1024 ? (b / 1024.0).ToString("F0", Culture) + " KB" : Mb(b)) : "–";

        var sqlite = StoreKind.Sqlite;
        var lite = StoreKind.LiteDb;
        Line("## The kiosk's store: SQLite (before) and LiteDB (after)");
        Line();
        Line("Reproduce with:");
        Line();
        Line("```");
        var options = (settings.CatchUpChanges == 10_000 ? "" : string.Create(Culture, $" --store-changes {settings.CatchUpChanges}"))
            + (settings.StoreItems == 5_000 ? "" : string.Create(Culture, $" --store-items {settings.StoreItems}"));
        Line("dotnet build SignageKiosk.sln -c Release && dotnet run -c Release --project tests/SignageKiosk.Bench -- --store" + options);
        Line("```");
        Line();
        Line("The row of the SQLite kiosk host needs the old kiosk built outside this checkout, e.g. `mkdir /tmp/before && git archive fa82430~1 | tar -x -C /tmp/before && dotnet build /tmp/before/kiosk -c Release`, and `SIGNAGEKIOSK_KIOSK_BEFORE_DLL=/tmp/before/kiosk/bin/Release/net10.0/SignageKiosk.Kiosk.dll` set for the run; without it that row is left out.");
        Line();
        Line(BenchMachine.Describe());
        Line($"Load average (1, 5, 15 min) at the start {loadAtStart}, at the end {loadAtEnd}: the machine is shared with other jobs, so compare the two stores within this run, not with other runs.");
        Line($"Files in `{Path.GetDirectoryName(root)}` ({FileSystemOf(root)}).");
        Line();
        Line("Before: the kiosk's SQLite cache as of commit fa82430~1, reproduced for comparison in `tests/SignageKiosk.Bench/SqliteCacheBaseline.cs` "
            + "(the same connection, PRAGMAs `journal_mode = WAL`, `synchronous = FULL`, `foreign_keys = ON`, the same statements, one transaction per batch "
            + "with the cursor; on open `PRAGMA quick_check`, the schema statements and the scan of cached people for whole numbers; the old kiosk's second "
            + "file, display.db, is left out). After: the kiosk's own `KioskStore` and `KioskCache` (LiteDB 5.0.21, direct mode, one writer, the seal "
            + "kept in every transaction and checked on open, a good copy after a snapshot), called in this process. Both get the same records, made "
            + "once from a fixed seed; runs alternate which store goes first.");
        Line();

        Line($"### Applying a catch-up of {catchUp.Changes:N0} changes");
        Line();
        Line(string.Create(Culture, $"{catchUp.Changes:N0} changes to notices ({catchUp.New:N0} new, {catchUp.Edits:N0} edits of notices sent earlier in the same catch-up, {catchUp.Deletes:N0} deletes), ")
            + string.Create(Culture, $"JSON payloads of {catchUp.MinBytes}–{catchUp.MaxBytes} bytes (mean {catchUp.MeanBytes:F0}) with Chinese text, applied as the kiosk's sync applies a catch-up: ")
            + string.Create(Culture, $"{catchUp.Batches.Count} batches of {catchUp.Batches[0].Count}, each one transaction with the cursor, into a new, empty store; per store one first run and then {settings.CatchUpRuns} counted runs, each on fresh files. ")
            + "Time from the first batch to the last commit; the board's reaction to the change (the Changed event) is not included. "
            + "The first run is the store's first work in this process, with its code still to be compiled by the tiered JIT (as in a kiosk that catches up right after starting); "
            + "the median is of the counted runs after it (as in a kiosk that has been running).");
        Line();
        Line("| store | first run | median of the counted runs | changes / s (at the median) | each counted run | allocated per change (median) |");
        Line("| --- | ---: | ---: | ---: | --- | ---: |");
        foreach (var kind in Kinds)
        {
            var median = Median(catchUpMs[kind]);
            Line(string.Create(Culture, $"| {StoreUnderTest.Name(kind)} | {Ms(firstCatchUpMs[kind])} | {Ms(median)} | {catchUp.Changes / (median / 1000):N0} | {string.Join(" / ", catchUpMs[kind].Select(Ms))} | {Median(catchUpAllocated[kind].Select(a => (double)a)) / catchUp.Changes / 1024:F1} KB |"));
        }
        Line();

        Line($"### Opening a store of {full.Snapshot.Items.Count:N0} items");
        Line();
        Line($"The demo community (its place chain, station and kiosk, people, roster, activities, hotlines, duty, notices and supplies) topped up to {full.Snapshot.Items.Count:N0} records: "
            + string.Join(", ", full.ByKind.OrderByDescending(k => k.Value).Select(k => string.Create(Culture, $"{k.Key} {k.Value:N0}")))
            + $"; {Mb(full.JsonBytes)} of JSON. Written once as the kiosk's first sync writes it (`ReplaceAll` of a snapshot, one transaction): "
            + $"SQLite {Ms(snapshotMs[sqlite])}, LiteDB {Ms(snapshotMs[lite])} (with its good copy). Then closed, and timed: opening it as the kiosk does at start "
            + "(SQLite: open, PRAGMAs, quick_check, schema, people scan, meta reads; LiteDB: the `KioskStore` constructor, which opens the file and checks it against its seal "
            + "by reading and hashing every item, then `KioskCache`'s meta reads) and the first `Content()` (every record read and deserialized into `BoardContent`): "
            + "what stands between starting the kiosk and a board it can show.");
        Line();
        Line($"| store | open + check (median) | first Content() (median) | total, median of {settings.OpenRuns} (warm: in a process that has opened it before) | total in a new process, median of {settings.ProbeRuns} (cold: loading and JIT included) |");
        Line("| --- | ---: | ---: | ---: | ---: |");
        foreach (var kind in Kinds)
        {
            var cold = probes[StoreUnderTest.ProbeName(kind)];
            Line($"| {StoreUnderTest.Name(kind)} | {Ms(Median(openMs[kind]))} | {Ms(Median(contentMs[kind]))} | {Ms(Median(totalMs[kind]))} | {Ms(Median(cold.Select(p => p.OpenMs + p.ContentMs)))} |");
        }
        Line();

        Line("### Files on disk");
        Line();
        Line($"\"Open\" is while a probe process (below) holds the store open; \"closed\" is after the store was disposed (SQLite checkpoints and removes its -wal and -shm on the last close; LiteDB folds its log into the data file on checkpoint). – : no such file. "
            + "The catch-up went into a new store, so LiteDB has no good copy there yet: the kiosk makes one within its good-copy interval (5 minutes) once the store has changed.");
        Line();
        Line($"| store | file | {full.Snapshot.Items.Count:N0} items, closed | {full.Snapshot.Items.Count:N0} items, open | after the catch-up ({catchUp.ItemsAfter:N0} items), closed |");
        Line("| --- | --- | ---: | ---: | ---: |");
        foreach (var kind in Kinds)
        {
            var open = probes[StoreUnderTest.ProbeName(kind)][^1].Files;
            for (var i = 0; i < closedFiles[kind].Count; i++)
            {
                Line($"| {StoreUnderTest.Name(kind)} | {closedFiles[kind][i].Name} | {Size(closedFiles[kind][i].Bytes)} | {Size(open[i].Bytes)} | {Size(afterCatchUp[kind][i].Bytes)} |");
            }
            Line($"| {StoreUnderTest.Name(kind)} | **total** | **{Size(Total(closedFiles[kind]))}** | **{Size(Total(open))}** | **{Size(Total(afterCatchUp[kind]))}** |");
        }
        Line();

        Line("### Memory");
        Line();
        Line($"A process that opens the store and builds the board content, not the whole kiosk host: this benchmark's own program started again as a child (`{ProbeFlag} sqlite|litedb DIR`) "
            + $"opens the {full.Snapshot.Items.Count:N0}-item store, builds `Content()`, keeps both, forces a full compacting GC and reports its working set (resident memory) and GC heap; "
            + $"\"no store\" is the same program doing nothing else, the floor under both. {(serverGc ? "Server GC, as the kiosk host runs (its runtimeconfig)" : "Workstation GC, as the kiosk host runs (its runtimeconfig)")}. Median of {settings.ProbeRuns} runs each.");
        Line();
        Line("| process | working set | above no store | GC heap (live, after full GC) | GC committed |");
        Line("| --- | ---: | ---: | ---: | ---: |");
        var floor = Median(probes["none"].Select(p => (double)p.WorkingSet));
        foreach (var (which, name) in new[] { ("none", "probe, no store"), ("sqlite", "probe, " + StoreUnderTest.Name(sqlite)), ("litedb", "probe, " + StoreUnderTest.Name(lite)) })
        {
            var ws = Median(probes[which].Select(p => (double)p.WorkingSet));
            Line($"| {name} | {Mb(ws)} | {(which == "none" ? "–" : Mb(ws - floor))} | {Mb(Median(probes[which].Select(p => (double)p.GcHeap)))} | {Mb(Median(probes[which].Select(p => (double)p.GcCommitted)))} |");
        }
        Line();
        if (hosts.Count > 0)
        {
            Line($"The real kiosk host (Release build, `dotnet SignageKiosk.Kiosk.dll`) on a copy of the same {full.Snapshot.Items.Count:N0}-item store, with a controller address where nothing listens "
                + $"(it keeps retrying; no sync, no media): its `/healthz` working set (`Environment.WorkingSet`) 5 s after it served `/board` once. No forced GC, so it includes garbage not yet collected. Median of {settings.HostRuns} starts.");
            Line();
            Line("| process | working set | /healthz answered after start |");
            Line("| --- | ---: | ---: |");
            foreach (var (name, runs) in hosts)
            {
                Line($"| {name} | {Mb(Median(runs.Select(r => (double)r.WorkingSet)))} | {Ms(Median(runs.Select(r => r.HealthyAfterMs)))} |");
            }
            if (hosts.Count == 1)
            {
                Line();
                Line("(The SQLite kiosk host was not measured in this run: `SIGNAGEKIOSK_KIOSK_BEFORE_DLL` was not set.)");
            }
            Line();
        }

        Line("### What these figures say");
        Line();
        string Times(double after, double beforeValue) => (after / beforeValue).ToString("F2", Culture) + "×";
        Line($"- Catch-up: LiteDB took {Times(Median(catchUpMs[lite]), Median(catchUpMs[sqlite]))} SQLite's time (median), {Times(firstCatchUpMs[lite], firstCatchUpMs[sqlite])} on the first run. "
            + $"The two do different work per change: SQLite writes each row with one statement and fsyncs its WAL at every commit (`synchronous = FULL`; {catchUp.Batches.Count} commits here); "
            + "LiteDB 5 does not fsync its commits at all (LiteDB issue 2818; the good copy stands in for that), "
            + "but `CachedItems.Put` looks up the old document, deletes it, inserts the new one and hashes it (SHA-256) for the seal, all in the managed engine.");
        Line($"- Opening: LiteDB took {Times(Median(totalMs[lite]), Median(totalMs[sqlite]))} SQLite's time from open to the board's content (warm), "
            + $"{Times(Median(probes["litedb"].Select(p => p.OpenMs + p.ContentMs)), Median(probes["sqlite"].Select(p => p.OpenMs + p.ContentMs)))} in a new process. "
            + "SQLite's `quick_check` walks the file's pages without turning rows into .NET objects; the LiteDB store's seal check reads every item and hashes it, "
            + "and `Content()` then reads them all again, so the store is read twice at start, each time decoding BSON documents in managed code.");
        var goodCopy = closedFiles[lite].Where(f => f.Name == "kiosk.good.db").Sum(f => f.Bytes ?? 0);
        Line($"- Disk: closed, the LiteDB files take {Times(Total(closedFiles[lite])!.Value, Total(closedFiles[sqlite])!.Value)} the space of the SQLite file; "
            + $"the good copy (a whole second copy of the data file, kept on purpose) is {(100.0 * goodCopy / Total(closedFiles[lite])!.Value).ToString("F0", Culture)} % of LiteDB's total.");
        var liteAbove = Median(probes["litedb"].Select(p => (double)p.WorkingSet)) - floor;
        var sqliteAbove = Median(probes["sqlite"].Select(p => (double)p.WorkingSet)) - floor;
        Line($"- Memory: above the probe without a store, the LiteDB probe's working set is {Mb(liteAbove)} and the SQLite probe's {Mb(sqliteAbove)}. Both hold the same `BoardContent`, "
            + "so the difference is the store's engine: its code, its caches and buffers (LiteDB's page cache is managed memory; SQLite's is native).");
        return text.ToString();
    }

    /// <summary>The child process: open the store, build the content, full GC, print one line; its parent reads it.</summary>
    public static int Probe(string which, string directory)
    {
        var clock = Stopwatch.StartNew();
        IStoreUnderTest? store = null;
        BoardContent? content = null;
        double opened = 0, built = 0;
        var kind = which == "sqlite" ? StoreKind.Sqlite : StoreKind.LiteDb;
        if (which != "none")
        {
            store = StoreUnderTest.Open(kind, directory);
            opened = clock.Elapsed.TotalMilliseconds;
            content = store.Content();
            built = clock.Elapsed.TotalMilliseconds - opened;
        }
        var files = which == "none" ? [] : StoreUnderTest.Files(kind, directory);
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        for (var i = 0; i < 2; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        Console.WriteLine(string.Create(Culture,
            $"{ProbePrefix}open={opened:F3} content={built:F3} items={(content is null ? 0 : StoreUnderTest.Count(content))} workingSet={self.WorkingSet64} gcHeap={GC.GetTotalMemory(forceFullCollection: false)} gcCommitted={info.TotalCommittedBytes} files={string.Join(';', files.Select(f => $"{f.Name}:{(f.Bytes is { } b ? b.ToString(Culture) : "-")}"))}"));
        GC.KeepAlive(content);
        store?.Dispose();
        return 0;
    }

    private static async Task<ProbeResult> ProbeAsync(string which, string directory, bool serverGc, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(StoreBenchmark).Assembly.Location);
        start.ArgumentList.Add(ProbeFlag);
        start.ArgumentList.Add(which);
        start.ArgumentList.Add(directory);
        start.Environment["DOTNET_gcServer"] = serverGc ? "1" : "0";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the probe");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        var line = (await output).Split('\n').FirstOrDefault(l => l.StartsWith(ProbePrefix, StringComparison.Ordinal));
        if (process.ExitCode != 0 || line is null)
        {
            throw new InvalidOperationException($"probe {which} failed ({process.ExitCode}):\n{await output}\n{await errors}");
        }
        var values = line[ProbePrefix.Length..].Trim().Split(' ').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        var files = values["files"].Length == 0 ? [] : values["files"].Split(';').Select(f => f.Split(':')).Select(f => (f[0], f[1] == "-" ? (long?)null : long.Parse(f[1], Culture))).ToList();
        return new ProbeResult(double.Parse(values["open"], Culture), double.Parse(values["content"], Culture), int.Parse(values["items"], Culture),
            long.Parse(values["workingSet"], Culture), long.Parse(values["gcHeap"], Culture), long.Parse(values["gcCommitted"], Culture), files);
    }

    /// <summary>Starts a kiosk host on a copy of <paramref name="storeDirectory"/>, lets it serve /board once, reads its /healthz, stops it.</summary>
    private static async Task<HostResult> HostAsync(string dll, string storeDirectory, string dataDirectory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(dataDirectory);
        foreach (var file in Directory.EnumerateFiles(storeDirectory))
        {
            File.Copy(file, Path.Combine(dataDirectory, Path.GetFileName(file)));
        }
        var url = $"http://127.0.0.1:{Repo.FreePort()}";
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dataDirectory,
        };
        foreach (var argument in new[]
        {
            dll, "--urls", url,
            // Nothing listens there: the host keeps retrying, so it runs from its store alone.
            $"--Kiosk:ControllerUrl=http://127.0.0.1:{Repo.FreePort()}",
            "--Kiosk:Credential=bench-store-no-controller",
            "--Kiosk:DataDirectory=" + dataDirectory,
            "--Logging:LogLevel:Default=Warning",
        })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the kiosk host");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            double healthyAfter;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (process.HasExited || clock.Elapsed > TimeSpan.FromMinutes(2))
                {
                    throw new InvalidOperationException($"the kiosk host {dll} did not answer /healthz:\n{output}");
                }
                try
                {
                    using var response = await http.GetAsync(url + "/healthz", cancellationToken);
                    if (response.IsSuccessStatusCode)
                    {
                        healthyAfter = clock.Elapsed.TotalMilliseconds;
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                }
                await Task.Delay(50, cancellationToken);
            }
            _ = await http.GetStringAsync(url + "/board", cancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
            var health = await http.GetFromJsonAsync<JsonObject>(url + "/healthz", cancellationToken) ?? throw new InvalidOperationException("empty /healthz");
            return new HostResult(healthyAfter, health["memoryBytes"]!.GetValue<long>(), health["items"]!.GetValue<long>());
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    /// <summary>The GC mode the kiosk host runs with (its runtimeconfig, copied beside this program), so the probes use the same.</summary>
    private static bool KioskUsesServerGc()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "SignageKiosk.Kiosk.runtimeconfig.json");
        return File.Exists(path)
            && JsonNode.Parse(File.ReadAllText(path))?["runtimeOptions"]?["configProperties"]?["System.GC.Server"] is JsonValue value
            && value.GetValue<bool>();
    }

    private static IEnumerable<StoreKind> Alternating(int run) => run % 2 == 0 ? Kinds : Kinds.Reverse();

    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static long? Total(IReadOnlyList<(string Name, long? Bytes)> files) => files.Sum(f => f.Bytes ?? 0);

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return double.NaN;
        }
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static string FileSystemOf(string path)
    {
        if (!File.Exists("/proc/mounts"))
        {
            return "file system unknown";
        }
        var full = Path.GetFullPath(path);
        var mount = File.ReadLines("/proc/mounts").Select(l => l.Split(' ')).Where(p => p.Length >= 3)
            .Where(p => full.StartsWith(p[1].TrimEnd('/') + "/", StringComparison.Ordinal) || full == p[1])
            .OrderByDescending(p => p[1].Length).FirstOrDefault();
        return mount is null ? "file system unknown" : $"{mount[2]} on {mount[0]}";
    }

    private static void Log(string message) => Console.WriteLine($"{DateTime.Now:HH:mm:ss.fff} {message}");
}
