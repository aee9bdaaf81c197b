using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// How a kiosk host starts, as a station box starts it at boot and after every update. The host used to watch
/// appsettings.json, which on Linux puts an inotify watch on every folder under its content root (its working
/// directory): started from a folder of 600 folders it held 604 watches, and from a busy /tmp it took 2.2 s to answer
/// health instead of 0.8 s. The controller stopped doing so in decision 0044; the kiosk reads its settings once too.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]   // /proc
public sealed class KioskStartTests
{
    [Fact]
    public async Task A_kiosk_started_in_a_folder_of_many_folders_watches_none_of_them()
    {
        await using var kiosk = new KioskProcess("start-watch", "http://127.0.0.1:1", credential: null);
        // The kiosk's working directory is its data directory here: fill it with folders it has no business with.
        for (var i = 0; i < 300; i++)
        {
            Directory.CreateDirectory(Path.Combine(kiosk.DataDirectory, "unrelated", $"folder-{i:D3}", "inner"));
        }

        await kiosk.StartAsync();

        var watches = InotifyWatches(kiosk.ProcessId!.Value);
        Assert.True(watches < 10, $"the kiosk host holds {watches} inotify watches after its start (it walked its working directory)\n{kiosk.Output}");
    }

    /// <summary>Every inotify watch the process holds: one "inotify wd:" line per watch in /proc/PID/fdinfo.</summary>
    private static int InotifyWatches(int pid)
    {
        var count = 0;
        foreach (var info in Directory.EnumerateFiles($"/proc/{pid}/fdinfo"))
        {
            try
            {
                count += File.ReadLines(info).Count(line => line.StartsWith("inotify wd:", StringComparison.Ordinal));
            }
            catch (IOException)
            {
                // the descriptor closed between the listing and the read
            }
        }
        return count;
    }
}
