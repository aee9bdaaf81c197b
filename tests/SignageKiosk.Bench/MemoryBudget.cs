using System.Globalization;

namespace SignageKiosk.Bench;

/// <summary>
/// A memory control group for one part of a station box (the board's session, as the installed X session gets one from
/// systemd's MemoryHigh=, decision 0060; or the kiosk host). Created under this process's own memory cgroup (root
/// only). On cgroup v2 its limit is memory.high, as systemd sets it; on a v1 hierarchy (this
/// machine) memory.limit_in_bytes, which is stricter: the kernel reclaims at the limit as it does at memory.high, but
/// where memory.high would only slow the group down when nothing is left to reclaim, v1 kills a process in it.
/// </summary>
public sealed class MemoryBudget : IDisposable
{
    private readonly bool _v2;

    private MemoryBudget(string directory, bool v2, long? bytes)
    {
        Directory = directory;
        _v2 = v2;
        Bytes = bytes;
    }

    public string Directory { get; }
    /// <summary>The limit; null for a group that only counts (no limit).</summary>
    public long? Bytes { get; }
    public string Kind => _v2 ? "memory.high (cgroup v2)" : "memory.limit_in_bytes (cgroup v1; stricter than the units' memory.high)";

    /// <summary>A command prefix that joins this group and runs the rest: <c>sh -c 'echo $$ &gt; …/cgroup.procs &amp;&amp; exec "$@"' …</c>.</summary>
    public IReadOnlyList<string> Wrapper => ["sh", "-c", "echo $$ > \"$0\" && exec \"$@\"", Path.Combine(Directory, "cgroup.procs")];

    /// <param name="bytes">The limit, or null for a group that only counts what its processes use.</param>
    public static MemoryBudget Create(string name, long? bytes)
    {
        var lines = File.ReadAllLines("/proc/self/cgroup");
        var v1 = lines.Select(l => l.Split(':', 3)).FirstOrDefault(f => f.Length == 3 && f[1].Split(',').Contains("memory"));
        string directory;
        bool v2;
        if (v1 is not null && System.IO.Directory.Exists("/sys/fs/cgroup/memory"))
        {
            directory = Path.Combine("/sys/fs/cgroup/memory" + v1[2], name);
            v2 = false;
        }
        else if (File.Exists("/sys/fs/cgroup/cgroup.controllers") && lines.FirstOrDefault(l => l.StartsWith("0::", StringComparison.Ordinal)) is { } unified)
        {
            var parent = "/sys/fs/cgroup" + unified[3..];
            if (!File.ReadAllText(Path.Combine(parent, "cgroup.subtree_control")).Split(' ', '\n').Contains("memory"))
            {
                throw new InvalidOperationException($"--memory-budget: the memory controller is not enabled for the groups under {parent}; run the benchmark in a group that delegates it, e.g. `systemd-run --scope -p Delegate=yes …`");
            }
            directory = Path.Combine(parent, name);
            v2 = true;
        }
        else
        {
            throw new InvalidOperationException("--memory-budget: no memory control group hierarchy under /sys/fs/cgroup");
        }
        try
        {
            System.IO.Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, v2 ? "memory.high" : "memory.limit_in_bytes"), bytes is { } limit ? limit.ToString(CultureInfo.InvariantCulture) : v2 ? "max" : "-1");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InvalidOperationException($"--memory-budget needs root (to create {directory}): {e.Message}", e);
        }
        return new MemoryBudget(directory, v2, bytes);
    }

    /// <summary>
    /// Drops the machine's clean page cache, so the box's code pages are read again and charged to the group whose
    /// process reads them first, as on a box of its own, not to whichever process on this machine read them before.
    /// </summary>
    public static void DropPageCache()
    {
        Sync();
        File.WriteAllText("/proc/sys/vm/drop_caches", "1");
    }

    private static void Sync()
    {
        using var sync = System.Diagnostics.Process.Start("sync")!;
        sync.WaitForExit();
    }

    /// <summary>What the group holds now (its processes' memory and the page cache charged to it), in MB.</summary>
    public double UsageMb => Read(_v2 ? "memory.current" : "memory.usage_in_bytes") / 1024.0 / 1024;

    /// <summary>Pages its processes had to read back from disk (major faults), since the group was made.</summary>
    public long MajorFaults => Stat("pgmajfault");

    /// <summary>Processes the kernel killed in it for want of memory (only a v1 limit can).</summary>
    public long OomKills => Field(_v2 ? "memory.events" : "memory.oom_control", "oom_kill");

    private long Read(string file) => long.Parse(File.ReadAllText(Path.Combine(Directory, file)).Trim(), CultureInfo.InvariantCulture);

    private long Stat(string key) => Field("memory.stat", key);

    private long Field(string file, string key)
    {
        foreach (var line in File.ReadLines(Path.Combine(Directory, file)))
        {
            var parts = line.Split(' ');
            if (parts.Length == 2 && parts[0] == key)
            {
                return long.Parse(parts[1], CultureInfo.InvariantCulture);
            }
        }
        return 0;
    }

    /// <summary>Removes the group once its processes are gone (they were stopped before); waits a few seconds for them.</summary>
    public void Dispose()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            try
            {
                System.IO.Directory.Delete(Directory);
                return;
            }
            catch (IOException)
            {
                Thread.Sleep(100);
            }
        }
        Console.WriteLine($"memory budget: {Directory} still holds processes; left in place");
    }
}
