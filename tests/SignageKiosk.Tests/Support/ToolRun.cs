using System.Diagnostics;
using System.Text;

namespace SignageKiosk.Tests.Support;

/// <summary>What a program run to its end by <see cref="ToolRun"/> left: its exit code and its output (stdout and stderr, as they came).</summary>
public sealed record ProcessResult(int ExitCode, string Output);

/// <summary>Runs a program (npm, node, dpkg-deb, a controller or kiosk that must refuse to start) to its end.</summary>
public static class ToolRun
{
    /// <summary>
    /// Runs <paramref name="file"/> with <paramref name="arguments"/> in <paramref name="directory"/> (this process's
    /// own when null); past <paramref name="timeout"/> (2 minutes when null) it is killed with its children and a
    /// <see cref="TimeoutException"/> carries what it printed.
    /// </summary>
    public static async Task<ProcessResult> RunAsync(string file, IEnumerable<string> arguments, string? directory = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (directory is not null)
        {
            start.WorkingDirectory = directory;
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException(file + " did not start");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            lock (output)
            {
                throw new TimeoutException($"{file} {string.Join(' ', start.ArgumentList)} did not finish in {timeout ?? TimeSpan.FromMinutes(2)}:\n{output}");
            }
        }
        process.WaitForExit();   // drains the redirected output
        lock (output)
        {
            return new ProcessResult(process.ExitCode, output.ToString());
        }
    }

    /// <summary><see cref="RunAsync"/> for callers that are not async (a fixture's constructor, a synchronous test).</summary>
    public static ProcessResult Run(string file, IEnumerable<string> arguments, string? directory = null, TimeSpan? timeout = null) =>
        RunAsync(file, arguments, directory, timeout).GetAwaiter().GetResult();
}
