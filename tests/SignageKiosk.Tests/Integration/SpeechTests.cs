using System.Buffers.Binary;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SignageKiosk.Tests.Support;
using Xunit.Abstractions;

namespace SignageKiosk.Tests.Integration;

/// <summary>Read-aloud on a real kiosk process with the real espeak-ng; standalone, no controller needed.</summary>
public sealed class SpeechTests(SpeechTests.StandaloneKiosk fixture, ITestOutputHelper output) : IClassFixture<SpeechTests.StandaloneKiosk>
{
    private const string Notice = "幸福里社区通知：明天上午九点到下午三点停水，请各位居民提前储水，相互转告。";

    [Fact]
    public async Task Chinese_text_comes_back_as_a_complete_wav_of_plausible_length()
    {
        using var response = await PostAsync(new { text = Notice });
        var wav = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("audio/wav", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store");
        var clip = Wav.Parse(wav);
        output.WriteLine($"{Notice.Length} characters at rate 1.0: {clip.Duration.TotalSeconds:F2} s, {wav.Length} bytes");
        Assert.InRange(clip.Duration.TotalSeconds, 1.0, 60.0);
    }

    [Fact]
    public async Task A_higher_rate_gives_a_shorter_clip()
    {
        var slow = Wav.Parse(await PostOkAsync(new { text = Notice, rate = 0.5 }));
        var fast = Wav.Parse(await PostOkAsync(new { text = Notice, rate = 2.0 }));
        output.WriteLine($"rate 0.5: {slow.Duration.TotalSeconds:F2} s; rate 2.0: {fast.Duration.TotalSeconds:F2} s");
        // 80 against 320 words per minute; pauses do not shrink quite as much as speech.
        Assert.True(slow.Duration > fast.Duration * 2, $"rate 0.5 gave {slow.Duration}, rate 2.0 gave {fast.Duration}");
    }

    [Fact]
    public async Task A_higher_volume_gives_larger_samples()
    {
        var loud = Wav.Parse(await PostOkAsync(new { text = Notice, volume = 1.0 }));
        var quiet = Wav.Parse(await PostOkAsync(new { text = Notice, volume = 0.2 }));
        output.WriteLine($"peak at volume 1.0: {loud.Peak}; at 0.2: {quiet.Peak}");
        Assert.True(quiet.Peak > 0, "the quiet clip is not silent");
        Assert.True(loud.Peak > quiet.Peak * 2, $"peak at volume 1.0 is {loud.Peak}, at 0.2 {quiet.Peak}");
    }

    public static TheoryData<string, string, HttpStatusCode, string> BadRequests => new()
    {
        { "{}", "application/json", HttpStatusCode.BadRequest, "text is required" },
        { "{\"text\": \"   \"}", "application/json", HttpStatusCode.BadRequest, "text is required" },
        { "{\"text\": null}", "application/json", HttpStatusCode.BadRequest, "text is required" },
        { "{\"text\": \"" + new string('水', StandaloneKiosk.MaxCharacters + 1) + "\"}", "application/json", HttpStatusCode.BadRequest, $"longer than {StandaloneKiosk.MaxCharacters} characters" },
        { "{\"text\": \"停水\", \"rate\": 0.4}", "application/json", HttpStatusCode.BadRequest, "rate must be between 0.5 and 2" },
        { "{\"text\": \"停水\", \"rate\": 2.01}", "application/json", HttpStatusCode.BadRequest, "rate must be between 0.5 and 2" },
        { "{\"text\": \"停水\", \"volume\": -0.1}", "application/json", HttpStatusCode.BadRequest, "volume must be between 0 and 1" },
        { "{\"text\": \"停水\", \"volume\": 1.5}", "application/json", HttpStatusCode.BadRequest, "volume must be between 0 and 1" },
        { "{\"text\": \"停水\", \"rate\": \"fast\"}", "application/json", HttpStatusCode.BadRequest, "invalid value for 'rate'" },
        { "{\"text\": 42}", "application/json", HttpStatusCode.BadRequest, "invalid value for 'text'" },
        { "{\"text\": \"停水\", \"speed\": 2}", "application/json", HttpStatusCode.BadRequest, "unknown field 'speed'" },
        { "{\"text\": \"停水\"", "application/json", HttpStatusCode.BadRequest, "malformed JSON" },
        { "", "application/json", HttpStatusCode.BadRequest, "malformed JSON" },
        { "[\"停水\"]", "application/json", HttpStatusCode.BadRequest, "must be a JSON object" },
        { "null", "application/json", HttpStatusCode.BadRequest, "must be a JSON object" },
        { "停水", "text/plain", HttpStatusCode.UnsupportedMediaType, "application/json" },
    };

    [Fact]
    public async Task Bad_requests_get_a_clear_error_and_no_audio()
    {
        var failures = new List<string>();
        foreach (var row in BadRequests)
        {
            var (body, contentType, expected, message) = ((string)row[0], (string)row[1], (HttpStatusCode)row[2], (string)row[3]);
            using var response = await PostRawAsync(fixture.Kiosk, body, contentType);
            var text = await response.Content.ReadAsStringAsync();
            var error = (TryParse(text) as JsonObject)?["error"]?.GetValue<string>() ?? "";
            if (response.StatusCode != expected || !error.Contains(message, StringComparison.Ordinal))
            {
                failures.Add($"{Shorten(body)} ({contentType}): got {(int)response.StatusCode} {Shorten(text)}");
            }
        }
        Assert.Empty(failures);
    }

    [Fact]
    public async Task Status_says_read_aloud_is_available_and_names_the_voice()
    {
        using var client = new HttpClient { BaseAddress = new Uri(fixture.Kiosk.Url) };
        var status = JsonNode.Parse(await client.GetStringAsync("/speech/status"))!.AsObject();
        Assert.True(status["available"]!.GetValue<bool>(), status.ToJsonString());
        Assert.StartsWith("cmn", status["voice"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_espeak_ng_the_kiosk_says_so_and_keeps_showing_the_board()
    {
        await using var kiosk = await KioskProcess.StartAsync("speech-missing", "", "", new()
        {
            ["Speech:EspeakPath"] = "/nonexistent/espeak-ng",
        });
        using var client = new HttpClient { BaseAddress = new Uri(kiosk.Url) };

        var status = JsonNode.Parse(await client.GetStringAsync("/speech/status"))!.AsObject();
        Assert.False(status["available"]!.GetValue<bool>());
        using var response = await PostRawAsync(kiosk, JsonSerializer.Serialize(new { text = Notice }), "application/json");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("read-aloud is not available on this kiosk", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.GetValue<string>());
        await kiosk.BoardAsync();
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")] // a shell script stands in for espeak-ng
    public async Task A_synthesis_that_runs_past_the_timeout_is_refused_and_its_whole_process_tree_killed()
    {
        // A stand-in for espeak-ng that answers the availability probe, then hangs with a child process.
        var directory = Repo.TempDirectory("speech-hang");
        var script = Path.Combine(directory, "espeak-ng");
        await File.WriteAllTextAsync(script, $"""
            #!/bin/sh
            text=$(cat)
            if [ "$text" = "一" ]; then printf '%s' "$text" | espeak-ng "$@"; exit $?; fi
            echo $$ > '{directory}/shell.pid'
            sleep 600 &
            echo $! > '{directory}/sleep.pid'
            wait
            """.ReplaceLineEndings("\n"));
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await using var kiosk = await KioskProcess.StartAsync("speech-timeout", "", "", new()
        {
            ["Speech:EspeakPath"] = script,
            ["Speech:Timeout"] = "00:00:02",
        });

        using var response = await PostRawAsync(kiosk, JsonSerializer.Serialize(new { text = Notice }), "application/json");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("took too long", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        foreach (var pidFile in new[] { "shell.pid", "sleep.pid" })
        {
            var pid = (await File.ReadAllTextAsync(Path.Combine(directory, pidFile))).Trim();
            await Eventually.Until(() => Task.FromResult(Directory.Exists("/proc/" + pid)), alive => !alive, $"process {pid} ({pidFile}) to be killed", TimeSpan.FromSeconds(10));
        }
    }

    private async Task<HttpResponseMessage> PostAsync(object body) =>
        await PostRawAsync(fixture.Kiosk, JsonSerializer.Serialize(body), "application/json");

    private async Task<byte[]> PostOkAsync(object body)
    {
        using var response = await PostAsync(body);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"got {(int)response.StatusCode}: {Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, 300)])}");
        return bytes;
    }

    private static async Task<HttpResponseMessage> PostRawAsync(KioskProcess kiosk, string body, string contentType)
    {
        // As the board page does: with the token it carries.
        using var client = await kiosk.BoardClientAsync();
        using var content = new StringContent(body, Encoding.UTF8, contentType);
        return await client.PostAsync("/speech", content);
    }

    private static JsonNode? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Shorten(string text) => text.Length > 80 ? text[..80] + "…" : text;

    /// <summary>One standalone kiosk (no controller) shared by the tests that need a working espeak-ng.</summary>
    public sealed class StandaloneKiosk : IAsyncLifetime
    {
        public const int MaxCharacters = 200;

        public KioskProcess Kiosk { get; private set; } = null!;

        public async Task InitializeAsync() =>
            Kiosk = await KioskProcess.StartAsync("speech", "", "", new() { ["Speech:MaxCharacters"] = MaxCharacters.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        public async Task DisposeAsync() => await Kiosk.DisposeAsync();
    }

    /// <summary>The parts of a 16-bit PCM WAV the tests look at, read from the header the kiosk sent.</summary>
    private sealed record Wav(TimeSpan Duration, int Peak)
    {
        public static Wav Parse(byte[] bytes)
        {
            Assert.True(bytes.Length >= 44, $"only {bytes.Length} bytes");
            Assert.Equal("RIFF", Encoding.ASCII.GetString(bytes, 0, 4));
            Assert.Equal("WAVE", Encoding.ASCII.GetString(bytes, 8, 4));
            Assert.Equal(bytes.Length - 8, (long)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
            int? byteRate = null, bitsPerSample = null;
            var offset = 12;
            while (offset + 8 <= bytes.Length)
            {
                var id = Encoding.ASCII.GetString(bytes, offset, 4);
                var size = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 4));
                if (id == "fmt ")
                {
                    Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(offset + 8)));
                    byteRate = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 16));
                    bitsPerSample = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(offset + 22));
                }
                else if (id == "data")
                {
                    Assert.NotNull(byteRate);
                    Assert.Equal(16, bitsPerSample);
                    Assert.Equal(bytes.Length - offset - 8, size);
                    var peak = 0;
                    for (var i = offset + 8; i + 1 < offset + 8 + size; i += 2)
                    {
                        peak = Math.Max(peak, Math.Abs((int)BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(i))));
                    }
                    return new Wav(TimeSpan.FromSeconds((double)size / byteRate.Value), peak);
                }
                offset += 8 + size + (size & 1);
            }
            Assert.Fail("no data chunk");
            return null!;
        }
    }
}
