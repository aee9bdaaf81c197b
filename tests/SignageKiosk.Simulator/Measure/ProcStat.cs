using System.Globalization;
using System.Runtime.InteropServices;

namespace SignageKiosk.Simulator.Measure;

/// <summary>One reading of a Linux process from /proc: CPU time used so far, resident and peak memory, threads.</summary>
public sealed record ProcStat(double CpuSeconds, long RssBytes, long PeakRssBytes, int Threads)
{
    private static readonly double TicksPerSecond = ReadTicksPerSecond();

    /// <summary>Null once the process is gone (or off Linux).</summary>
    public static ProcStat? Read(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name may hold spaces and parentheses: the fields start after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // Fields 14 and 15 of stat(5) (utime, stime) are at 11 and 12 once pid and comm are cut off.
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            long rss = 0, peak = 0;
            var threads = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = Kilobytes(line) * 1024;
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    peak = Kilobytes(line) * 1024;
                }
                else if (line.StartsWith("Threads:", StringComparison.Ordinal))
                {
                    threads = int.Parse(line["Threads:".Length..].Trim(), CultureInfo.InvariantCulture);
                }
            }
            return new ProcStat(ticks / TicksPerSecond, rss, peak, threads);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(':', 2)[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);

    [DllImport("libc", EntryPoint = "sysconf")]
    private static extern long SysConf(int name);

    private static double ReadTicksPerSecond()
    {
        try
        {
            const int ScClkTck = 2;
            var ticks = SysConf(ScClkTck);
            return ticks > 0 ? ticks : 100;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return 100;
        }
    }
}
