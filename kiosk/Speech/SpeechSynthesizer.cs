using System.Buffers.Binary;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;

namespace SignageKiosk.Kiosk.Speech;

/// <summary>
/// Reads text aloud offline: one espeak-ng process per request, the text on its stdin (never on a command
/// line, where other users could read it in the process list), a WAV on its stdout.
/// </summary>
public sealed class SpeechSynthesizer(IOptions<SpeechOptions> options, TimeProvider time, ILogger<SpeechSynthesizer> logger) : IDisposable
{
    public const double MinRate = 0.5;
    public const double MaxRate = 2.0;

    /// <summary>Words per minute at rate 1.0: slower than espeak-ng's 175, a comfortable pace for elderly listeners.</summary>
    public const int NormalWordsPerMinute = 160;

    private const int MaxAmplitude = 200;
    private const int WavHeaderMinimum = 44;
    private const string ProbeText = "一";

    // One synthesis at a time: the kiosk's small CPU also renders the board.
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly Lock _probeGate = new();
    private Task<bool>? _available;

    public string Voice => options.Value.Voice;

    /// <summary>Whether espeak-ng and the voice work here. Probed once by reading a single character; the answer is kept.</summary>
    public Task<bool> IsAvailableAsync(CancellationToken cancellationToken = default)
    {
        lock (_probeGate)
        {
            _available ??= Task.Run(ProbeAsync, CancellationToken.None);
        }
        return _available.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// A complete WAV (16-bit mono PCM) of the text. Throws <see cref="TimeoutException"/> when espeak-ng does not
    /// finish within the configured timeout and <see cref="SpeechFailedException"/> when it fails.
    /// </summary>
    public async Task<ReadOnlyMemory<byte>> SynthesizeAsync(string text, double rate, double volume, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        if (!(rate >= MinRate && rate <= MaxRate))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, $"rate must be between {MinRate} and {MaxRate}");
        }
        if (!(volume >= 0 && volume <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(volume), volume, "volume must be between 0 and 1");
        }
        var started = time.GetTimestamp();
        var wav = await RunAsync(text, rate, volume, cancellationToken);
        logger.LogInformation("Read aloud {Characters} characters at rate {Rate} and volume {Volume}: {Bytes} bytes in {Milliseconds:F0} ms",
            text.Length, rate, volume, wav.Length, time.GetElapsedTime(started).TotalMilliseconds);
        return wav;
    }

    private async Task<bool> ProbeAsync()
    {
        var settings = options.Value;
        try
        {
            var wav = await RunAsync(ProbeText, 1.0, 0.0, CancellationToken.None);
            var available = wav.Length > WavHeaderMinimum;
            if (available)
            {
                logger.LogInformation("Read-aloud is available: {EspeakPath} with voice {Voice}", settings.EspeakPath, settings.Voice);
            }
            else
            {
                logger.LogWarning("Read-aloud is not available: {EspeakPath} with voice {Voice} produced no audio", settings.EspeakPath, settings.Voice);
            }
            return available;
        }
        catch (Exception e)
        {
            logger.LogWarning("Read-aloud is not available: {EspeakPath} with voice {Voice}: {Message}", settings.EspeakPath, settings.Voice, e.Message);
            return false;
        }
    }

    private async Task<ReadOnlyMemory<byte>> RunAsync(string text, double rate, double volume, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var timeout = new CancellationTokenSource(settings.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var token = linked.Token;
        try
        {
            await _turn.WaitAsync(token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Read-aloud of {Characters} characters waited {Timeout} for its turn and gave up", text.Length, settings.Timeout);
            throw new TimeoutException($"read-aloud did not start within {settings.Timeout}");
        }
        try
        {
            return await RunProcessAsync(settings, text, rate, volume, timeout, cancellationToken, token);
        }
        finally
        {
            _turn.Release();
        }
    }

    private async Task<ReadOnlyMemory<byte>> RunProcessAsync(
        SpeechOptions settings, string text, double rate, double volume,
        CancellationTokenSource timeout, CancellationToken cancellationToken, CancellationToken token)
    {
        var start = new ProcessStartInfo(settings.EspeakPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-v");
        start.ArgumentList.Add(settings.Voice);
        start.ArgumentList.Add("-s");
        start.ArgumentList.Add(((int)Math.Round(NormalWordsPerMinute * rate)).ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add("-a");
        start.ArgumentList.Add(((int)Math.Round(MaxAmplitude * volume)).ToString(CultureInfo.InvariantCulture));
        // Stdin is UTF-8 whatever the kiosk's locale says.
        start.ArgumentList.Add("-b");
        start.ArgumentList.Add("1");
        start.ArgumentList.Add("--stdin");
        start.ArgumentList.Add("--stdout");

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            logger.LogWarning("Could not start {EspeakPath}: {Message}", settings.EspeakPath, e.Message);
            throw new SpeechFailedException($"could not start {settings.EspeakPath}: {e.Message}", e);
        }
        // Killing on timeout or a departed caller also closes the pipes, so no read below can hang.
        using var kill = token.Register(() => KillTree(process));
        try
        {
            var audio = new MemoryStream();
            var reading = process.StandardOutput.BaseStream.CopyToAsync(audio, token);
            var errors = process.StandardError.ReadToEndAsync(token);
            try
            {
                await process.StandardInput.BaseStream.WriteAsync(Encoding.UTF8.GetBytes(text), token);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // espeak-ng quit before reading everything (a bad voice, say); its exit code and stderr tell why.
            }
            await reading;
            var stderr = await errors;
            await process.WaitForExitAsync(token);
            if (process.ExitCode != 0)
            {
                throw Failed(settings, text, $"exit code {process.ExitCode}", stderr);
            }
            var length = (int)audio.Length;
            var buffer = audio.GetBuffer();
            return CompleteWavHeader(buffer.AsSpan(0, length))
                ? buffer.AsMemory(0, length)
                : throw Failed(settings, text, $"output is not a WAV ({length} bytes)", stderr);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Read-aloud of {Characters} characters took longer than {Timeout}; espeak-ng was killed", text.Length, settings.Timeout);
            throw new TimeoutException($"read-aloud took longer than {settings.Timeout}");
        }
        finally
        {
            KillTree(process);
        }
    }

    private SpeechFailedException Failed(SpeechOptions settings, string text, string why, string stderr)
    {
        // espeak-ng's stderr holds its own complaints, not the text; cut it short all the same.
        var detail = stderr.Trim();
        detail = detail.Length > 300 ? detail[..300] : detail;
        logger.LogWarning("Read-aloud of {Characters} characters with {EspeakPath} voice {Voice} failed: {Why}; stderr: {Stderr}",
            text.Length, settings.EspeakPath, settings.Voice, why, detail);
        return new SpeechFailedException($"espeak-ng failed: {why}");
    }

    private static void KillTree(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Already gone, or never started.
        }
    }

    /// <summary>
    /// espeak-ng cannot seek back on a pipe, so the RIFF and data sizes it writes to stdout are placeholders
    /// (0x7FFFF000-ish). Players then think the clip lasts a day; write the real sizes in. False if not a WAV.
    /// </summary>
    internal static bool CompleteWavHeader(Span<byte> wav)
    {
        if (wav.Length < WavHeaderMinimum || !wav[..4].SequenceEqual("RIFF"u8) || !wav[8..12].SequenceEqual("WAVE"u8))
        {
            return false;
        }
        var offset = 12;
        while (offset + 8 <= wav.Length)
        {
            var size = BinaryPrimitives.ReadUInt32LittleEndian(wav[(offset + 4)..]);
            if (wav.Slice(offset, 4).SequenceEqual("data"u8))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(wav[(offset + 4)..], (uint)(wav.Length - offset - 8));
                BinaryPrimitives.WriteUInt32LittleEndian(wav[4..], (uint)(wav.Length - 8));
                return true;
            }
            // Chunks are word-aligned: an odd size is followed by a pad byte.
            var next = offset + 8L + size + (size & 1);
            if (next > wav.Length)
            {
                return false;
            }
            offset = (int)next;
        }
        return false;
    }

    public void Dispose() => _turn.Dispose();
}

/// <summary>espeak-ng could not be started, failed, or wrote something that is not a WAV.</summary>
public sealed class SpeechFailedException(string message, Exception? inner = null) : Exception(message, inner);
