using System.Diagnostics;

namespace SignageKiosk.Simulator.Measure;

/// <summary>
/// Samples a process's CPU time and resident memory every <c>interval</c> in the background, so a phase of a
/// benchmark can ask for its peak memory, its peak CPU over a window and its mean CPU afterwards.
/// </summary>
public sealed class ProcessSampler : IAsyncDisposable
{
    public sealed record Sample(TimeSpan At, double CpuSeconds, long RssBytes);

    private readonly int _pid;
    private readonly TimeSpan _interval;
    private readonly List<Sample> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _loop;

    public ProcessSampler(int pid, TimeSpan? interval = null)
    {
        _pid = pid;
        _interval = interval ?? TimeSpan.FromMilliseconds(200);
        _loop = Task.Run(RunAsync);
    }

    public TimeSpan Now => _clock.Elapsed;

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(_interval);
        try
        {
            do
            {
                Take();
            }
            while (await timer.WaitForNextTickAsync(_stop.Token));
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Takes a sample now (also at the edges of a phase, so short phases have two).</summary>
    public void Take()
    {
        if (ProcStat.Read(_pid) is { } stat)
        {
            lock (_samples)
            {
                _samples.Add(new Sample(_clock.Elapsed, stat.CpuSeconds, stat.RssBytes));
            }
        }
    }

    /// <summary>The samples in the window, plus the last one before it (a window's CPU is counted from its start).</summary>
    public IReadOnlyList<Sample> Between(TimeSpan from, TimeSpan to)
    {
        lock (_samples)
        {
            var before = _samples.LastOrDefault(s => s.At < from);
            var inside = _samples.Where(s => s.At >= from && s.At <= to);
            return (before is null ? inside : inside.Prepend(before)).ToList();
        }
    }

    /// <summary>Peak, mean CPU (in cores: 1.0 is one core busy) and peak RSS over a window.</summary>
    public WindowFigures Figures(TimeSpan from, TimeSpan to, TimeSpan? cpuWindow = null)
    {
        var samples = Between(from, to);
        var window = cpuWindow ?? TimeSpan.FromSeconds(1);
        double peakCpu = 0;
        var start = 0;
        for (var end = 1; end < samples.Count; end++)
        {
            while (samples[end].At - samples[start].At > window && start < end - 1)
            {
                start++;
            }
            var span = (samples[end].At - samples[start].At).TotalSeconds;
            if (span >= window.TotalSeconds * 0.5)
            {
                peakCpu = Math.Max(peakCpu, (samples[end].CpuSeconds - samples[start].CpuSeconds) / span);
            }
        }
        var mean = samples.Count < 2 ? 0 : (samples[^1].CpuSeconds - samples[0].CpuSeconds) / (samples[^1].At - samples[0].At).TotalSeconds;
        // A window shorter than half the peak window has no one-second stretch: its mean is its peak.
        peakCpu = Math.Max(peakCpu, mean);
        return new WindowFigures(
            samples.Count == 0 ? 0 : samples.Max(s => s.RssBytes),
            samples.Count == 0 ? 0 : samples[^1].RssBytes,
            peakCpu,
            mean,
            samples.Count < 2 ? 0 : samples[^1].CpuSeconds - samples[0].CpuSeconds);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private int _disposed;
}

/// <param name="PeakRssBytes">Highest resident memory seen in the window.</param>
/// <param name="LastRssBytes">Resident memory at the end of the window.</param>
/// <param name="PeakCores">Highest CPU use over any one-second stretch, in cores.</param>
/// <param name="MeanCores">CPU use over the whole window, in cores.</param>
/// <param name="CpuSeconds">CPU time spent in the window.</param>
public sealed record WindowFigures(long PeakRssBytes, long LastRssBytes, double PeakCores, double MeanCores, double CpuSeconds);
