using System.Diagnostics;
using Microsoft.Extensions.Options;
using SignageKiosk.Shared.Screen;

namespace SignageKiosk.Kiosk.Screen;

/// <summary>
/// Switches the physical display with xset's DPMS where there is an X display (DISPLAY set) and xset; elsewhere
/// does nothing and the black page alone blanks the screen. Best effort: a failure is logged, never thrown, and
/// the switches run one at a time in the order asked.
/// </summary>
public sealed class DisplayPowerSwitch(IOptions<KioskOptions> options, ILogger<DisplayPowerSwitch> logger)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(10);
    private readonly Lock _gate = new();
    private Task _last = Task.CompletedTask;

    /// <summary>Queues the switch; the task completes when xset has run (or was not to be run).</summary>
    public Task SetAsync(bool off)
    {
        lock (_gate)
        {
            _last = _last.ContinueWith(_ => RunAsync(off), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
            return _last;
        }
    }

    private async Task RunAsync(bool off)
    {
        var display = Environment.GetEnvironmentVariable("DISPLAY");
        var xset = Resolve(options.Value.XsetCommand);
        var commands = DisplayPowerCommands.For(off, display, xset is not null);
        if (commands.Count == 0)
        {
            logger.LogInformation("No X display or no xset ({Xset}): the black page alone blanks the screen", options.Value.XsetCommand);
            return;
        }
        foreach (var arguments in commands)
        {
            await RunOneAsync(xset!, display!, arguments);
        }
    }

    private async Task RunOneAsync(string xset, string display, IReadOnlyList<string> arguments)
    {
        var shown = string.Join(' ', arguments);
        try
        {
            var start = new ProcessStartInfo(xset) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }
            using var process = Process.Start(start) ?? throw new InvalidOperationException("xset did not start");
            using var timeout = new CancellationTokenSource(RunTimeout);
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                logger.LogWarning("xset {Arguments} on {Display} did not finish within {Timeout}; stopped it", shown, display, RunTimeout);
                return;
            }
            var said = ((await output) + (await error)).Trim();
            // xset answers 0 even when the server lacks DPMS (Xvfb); what it prints is the only sign.
            if (process.ExitCode != 0 || said.Length > 0)
            {
                logger.LogWarning("xset {Arguments} on {Display} exited {Code}: {Output}", shown, display, process.ExitCode, said.Length > 500 ? said[..500] : said);
            }
            else
            {
                logger.LogInformation("Ran xset {Arguments} on {Display}", shown, display);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning("Could not run xset {Arguments} on {Display}: {Message}", shown, display, e.Message);
        }
    }

    /// <summary>The xset to run: a path as given, a bare name looked up on PATH; null when there is none.</summary>
    private static string? Resolve(string? command)
    {
        if (string.IsNullOrWhiteSpace(command))
        {
            return null;
        }
        if (command.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(command) ? command : null;
        }
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, command);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
