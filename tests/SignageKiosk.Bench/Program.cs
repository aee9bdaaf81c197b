using System.Globalization;
using SignageKiosk.Bench;
using SignageKiosk.Tests.Support;

// Measures what the backbone promises and writes docs/benchmarks.md, one section per part (the other parts' figures stay).
//   dotnet run -c Release --project tests/SignageKiosk.Bench                 every part
//   ... -- --board [ITERATIONS]                                              one controller, one kiosk, Chromium (default 100 iterations)
//   ... -- --load [--kiosks N] [--publishes N] [--catch-up N] [--idle SECONDS] [--data DIR] [--rotate]   simulated kiosks (default 10,000);
//                                                                            --rotate: kiosks take a new credential on every Hello (own section)
//                                                                            --older-kiosks: the handshake before decision 0055 (CatchUp and an HTTP confirmation after Hello)
//   ... -- --broadcast [COUNT]                                              emergency broadcast → displayed on 100 and 1,000 simulated kiosks
//   ... -- --photos [RUNS]                                                  phone photos through the upload pipeline: bytes before/after, time (default 5 runs)
//   ... -- --print [RUNS]                                                   print layouts and the phone poster through their API routes: time, size (default 10 runs)
//   ... -- --store [--store-changes N] [--store-items N]                    the kiosk's store: SQLite (before, fa82430~1) and LiteDB (after), one run;
//                                                                            SIGNAGEKIOSK_KIOSK_BEFORE_DLL=<old kiosk build> adds the old kiosk host's memory
//   ... -- --staff-pages [--kiosks N]                                       staff pages and list endpoints at city scale (default 10,000 kiosks);
//                                                                            SIGNAGEKIOSK_CONTROLLER_BEFORE_DLL=<old controller build> measures it first, as "before"
//   ... -- --fanout [--kiosks N] [--publishes N] [--rounds N]                publish → acked by all kiosks (default 10,000), only when asked;
//                                                                            SIGNAGEKIOSK_CONTROLLER_BEFORE_DLL=<old controller build> measures it first in each round
//   ... -- --cluster [--kiosks N] [--publishes N] [--nodes N]               one node on SQLite beside N nodes (default 3) on PostgreSQL behind HAProxy,
//                                                                            10,000 kiosks by default; only when asked
//   ... -- --soak [--minutes N] [--edit-every 2s] [--label before|after]   a station box over time: kiosk host + the real kiosk shell (Chromium under
//                                                                            Xvfb), a hotline edit every 2 s, PSS every 30 s (default 20 minutes); only when asked;
//                                                                            SIGNAGEKIOSK_KIOSK_BEFORE_DLL / SIGNAGEKIOSK_SHELL_BEFORE run an older host / shell script
//        [--memory-budget [HOST,]BOARD|none]                                the box as installed, the board's session in a memory group of BOARD MB
//                                                                            (and the host in one of HOST MB; none: groups that only count; decision 0060; root)
//   ... -- --store-probe none|sqlite|litedb DIR                             (internal: the store benchmark's child process for memory)
if (args.Length == 3 && args[0] == StoreBenchmark.ProbeFlag)
{
    return StoreBenchmark.Probe(args[1], args[2]);
}
var board = args.Contains("--board");
var load = args.Contains("--load");
var broadcast = args.Contains("--broadcast");
var photos = args.Contains("--photos");
var print = args.Contains("--print");
var store = args.Contains("--store");
var staffPages = args.Contains("--staff-pages");
var fanOut = args.Contains("--fanout");
var cluster = args.Contains("--cluster");
var soak = args.Contains("--soak");
if (!board && !load && !broadcast && !photos && !print && !store && !staffPages && !fanOut && !cluster && !soak)
{
    board = load = broadcast = photos = print = store = staffPages = true;
}
string? Value(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
int Number(string name, int fallback) => Value(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
var iterations = args.FirstOrDefault(a => int.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out _)) is { } count && Value("--kiosks") != count
    && Value("--publishes") != count && Value("--catch-up") != count && Value("--idle") != count && Value("--broadcast") != count && Value("--photos") != count && Value("--print") != count
    && Value("--store-changes") != count && Value("--store-items") != count && Value("--rounds") != count && Value("--nodes") != count && Value("--minutes") != count
    ? int.Parse(count, CultureInfo.InvariantCulture)
    : 100;

var path = Path.Combine(Repo.Root, "docs", "benchmarks.md");
var document = File.Exists(path) ? await File.ReadAllTextAsync(path) : "# Benchmarks\n";
if (board)
{
    var section = await BoardBenchmark.RunAsync(iterations);
    Console.WriteLine(section);
    document = BenchmarkDoc.Replace(document, "board", section);
    await File.WriteAllTextAsync(path, document);
}
if (load)
{
    var settings = new LoadBenchmark.Settings
    {
        Kiosks = Number("--kiosks", 10_000),
        Publishes = Number("--publishes", 100),
        CatchUpChanges = Number("--catch-up", 10_000),
        IdleWindow = TimeSpan.FromSeconds(Number("--idle", 30)),
        DataDirectory = Value("--data"),
        RotateCredentials = args.Contains("--rotate"),
        OlderKiosks = args.Contains("--older-kiosks"),
        Command = string.Join(' ', args.Where(a => a != "--board")) is { Length: > 0 } given && !given.Contains("--data", StringComparison.Ordinal) ? given : "--load",
    };
    var section = await LoadBenchmark.RunAsync(settings, CancellationToken.None);
    Console.WriteLine(section);
    document = BenchmarkDoc.Replace(document, settings.RotateCredentials ? "load-rotating" : "load", section);
    await File.WriteAllTextAsync(path, document);
}
if (broadcast)
{
    var section = await BroadcastBenchmark.RunAsync(Number("--broadcast", 30), CancellationToken.None);
    Console.WriteLine(section);
    document = BenchmarkDoc.Replace(document, "broadcast", section);
    await File.WriteAllTextAsync(path, document);
}
if (photos)
{
    var section = await PhotoBenchmark.RunAsync(Number("--photos", 5));
    Console.WriteLine(section);
    document = BenchmarkDoc.Replace(document, "photos", section);
    await File.WriteAllTextAsync(path, document);
}
if (print)
{
    var section = await PrintBenchmark.RunAsync(Number("--print", 10));
    Console.WriteLine(section);
    document = BenchmarkDoc.Replace(document, "print", section);
    await File.WriteAllTextAsync(path, document);
}
if (staffPages)
{
    var section = await StaffPagesBenchmark.RunAsync(new StaffPagesBenchmark.Settings
    {
        Kiosks = Number("--kiosks", 10_000),
        BeforeDll = Environment.GetEnvironmentVariable("SIGNAGEKIOSK_CONTROLLER_BEFORE_DLL") is { Length: > 0 } beforeDll ? beforeDll : null,
        BeforeLabel = Environment.GetEnvironmentVariable("SIGNAGEKIOSK_CONTROLLER_BEFORE_LABEL") is { Length: > 0 } beforeLabel ? beforeLabel : null,
    }, CancellationToken.None);
    Console.WriteLine(section);
    document = BenchmarkDoc.Replace(document, "staff-pages", section);
    await File.WriteAllTextAsync(path, document);
}
if (fanOut)
{
    var section = await FanOutBenchmark.RunAsync(new FanOutBenchmark.Settings
    {
        Kiosks = Number("--kiosks", 10_000),
        Publishes = Number("--publishes", 100),
        Rounds = Number("--rounds", 1),
        BeforeDll = Environment.GetEnvironmentVariable("SIGNAGEKIOSK_CONTROLLER_BEFORE_DLL") is { Length: > 0 } beforeFanOut ? beforeFanOut : null,
        BeforeLabel = Environment.GetEnvironmentVariable("SIGNAGEKIOSK_CONTROLLER_BEFORE_LABEL") is { Length: > 0 } beforeFanOutLabel ? beforeFanOutLabel : null,
        AfterEnvironment = Environment.GetEnvironmentVariable("SIGNAGEKIOSK_CONTROLLER_AFTER_ENV") is { Length: > 0 } afterEnvironment ? afterEnvironment : null,
    }, CancellationToken.None);
    Console.WriteLine(section);
    document = BenchmarkDoc.Replace(document, "fanout", section);
    await File.WriteAllTextAsync(path, document);
}
if (cluster)
{
    var section = await ClusterBenchmark.RunAsync(new ClusterBenchmark.Settings
    {
        Kiosks = Number("--kiosks", 10_000),
        Publishes = Number("--publishes", 50),
        Nodes = Number("--nodes", 3),
    }, CancellationToken.None);
    Console.WriteLine(section);
    document = BenchmarkDoc.Replace(document, "cluster", section);
    await File.WriteAllTextAsync(path, document);
}
if (soak)
{
    var every = Value("--edit-every") ?? "2s";
    var label = Value("--label") ?? "after";
    string section;
    try
    {
        section = await SoakBenchmark.RunAsync(new SoakBenchmark.Settings
        {
            Minutes = double.Parse(Value("--minutes") ?? "20", CultureInfo.InvariantCulture),
            EditEvery = TimeSpan.FromSeconds(double.Parse(every.TrimEnd('s'), CultureInfo.InvariantCulture)),
            Label = label,
            Command = string.Join(' ', args),
            KioskDll = Environment.GetEnvironmentVariable("SIGNAGEKIOSK_KIOSK_BEFORE_DLL") is { Length: > 0 } soakKiosk ? soakKiosk : null,
            ShellScript = Environment.GetEnvironmentVariable("SIGNAGEKIOSK_SHELL_BEFORE") is { Length: > 0 } soakShell ? soakShell : null,
            Budget = Value("--memory-budget") is { } budget ? MemoryBudgetArgument(budget) : null,
        });
    }
    catch (OperationCanceledException)
    {
        // SIGTERM or Ctrl-C: the soak has stopped its processes and groups; a cut-short run is not a figure to keep.
        Console.Error.WriteLine("soak stopped by a signal before its end: nothing written to docs/benchmarks.md");
        return 130;
    }
    Console.WriteLine(section);
    // Read again: a before and an after soak may run side by side, each writing its own section at its end.
    document = BenchmarkDoc.Replace(await File.ReadAllTextAsync(path), "soak-" + label, section);
    await File.WriteAllTextAsync(path, document);
}
// Last: the store benchmark opens the kiosk's KioskStore in this process.
if (store)
{
    var section = await StoreBenchmark.RunAsync(new StoreBenchmark.Settings
    {
        CatchUpChanges = Number("--store-changes", 10_000),
        StoreItems = Number("--store-items", 5_000),
        BeforeKioskDll = Environment.GetEnvironmentVariable("SIGNAGEKIOSK_KIOSK_BEFORE_DLL") is { Length: > 0 } before ? before : null,
    }, CancellationToken.None);
    Console.WriteLine(section);
    document = BenchmarkDoc.Replace(document, "store", section);
    await File.WriteAllTextAsync(path, document);
}
Console.WriteLine("written to docs/benchmarks.md");
return 0;

// "--memory-budget BOARD" or "HOST,BOARD": MB for the board session's group (and the kiosk host's), e.g. 368 or 128,368;
// "none": the same layout in groups that only count (the "before" of a budget).
static (int? HostMb, int? BoardMb) MemoryBudgetArgument(string text)
{
    static int? Mb(string part) => int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var mb) && mb > 0 ? mb : null;
    return text.Split(',') switch
    {
        ["none"] => (null, null),
        [var board] when Mb(board) is { } boardMb => (null, boardMb),
        [var host, var board] when Mb(host) is { } hostMb && Mb(board) is { } boardMb => (hostMb, boardMb),
        _ => throw new ArgumentException($"--memory-budget wants BOARD or HOST,BOARD in MB, e.g. 368 or 128,368, or none, not {text}"),
    };
}
