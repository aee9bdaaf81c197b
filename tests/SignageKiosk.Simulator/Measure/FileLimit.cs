using System.Runtime.InteropServices;

namespace SignageKiosk.Simulator.Measure;

/// <summary>
/// Raises this process's open-file limit: every simulated kiosk is a socket. The soft limit goes up to the hard
/// one; the hard one too when the process may (root).
/// </summary>
public static class FileLimit
{
    private const int RlimitNofile = 7;

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Max;
    }

    [DllImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static extern int GetRLimit(int resource, out RLimit limit);

    [DllImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static extern int SetRLimit(int resource, ref RLimit limit);

    /// <summary>Returns the soft limit in force afterwards (0 when it cannot be read).</summary>
    public static ulong Raise(ulong wanted)
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }
        if (GetRLimit(RlimitNofile, out var limit) != 0)
        {
            return 0;
        }
        if (limit.Current >= wanted)
        {
            return limit.Current;
        }
        var raised = new RLimit { Current = wanted, Max = Math.Max(limit.Max, wanted) };
        if (SetRLimit(RlimitNofile, ref raised) != 0)
        {
            raised = new RLimit { Current = Math.Min(wanted, limit.Max), Max = limit.Max };
            SetRLimit(RlimitNofile, ref raised);
        }
        return GetRLimit(RlimitNofile, out limit) == 0 ? limit.Current : 0;
    }
}
