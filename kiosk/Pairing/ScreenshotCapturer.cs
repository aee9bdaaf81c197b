using System.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using SignageKiosk.Kiosk.Storage;
using SignageKiosk.Kiosk.Cache;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Fleet;

namespace SignageKiosk.Kiosk.Pairing;

/// <summary>
/// Captures what the board shows: by default Debian's Chromium, headless, on the kiosk's own board URL at its
/// layout's size. The command is configurable (Kiosk:ScreenshotCommand and Kiosk:ScreenshotArguments), e.g. to
/// capture the real X screen with <c>import -window root {file}</c>.
/// </summary>
public sealed class ScreenshotCapturer(IServer server, KioskCache cache, IOptions<KioskOptions> options, ILogger<ScreenshotCapturer> logger)
{
    public static readonly string[] DefaultArguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--user-data-dir={profile}",
        "--window-size={width},{height}", "--screenshot={file}", "{url}",
    ];

    public async Task<byte[]> CaptureAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var folder = Path.GetFullPath(Path.Combine(settings.DataDirectory, "screenshots"));
        OwnerOnly.Folder(settings.DataDirectory);
        OwnerOnly.Folder(folder);
        var file = Path.Combine(folder, "board.png");
        File.Delete(file);
        var layout = BoardLayouts.Get(cache.Content().Station?.Layout);
        var values = new Dictionary<string, string>
        {
            ["{url}"] = BoardUrl(),
            ["{file}"] = file,
            ["{width}"] = (layout.Width > 0 ? layout.Width : 1920).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["{height}"] = (layout.Height > 0 ? layout.Height : 1080).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["{profile}"] = Path.Combine(folder, "chromium-profile"),
        };
        var start = new ProcessStartInfo(settings.ScreenshotCommand)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in settings.ScreenshotArguments is { Length: > 0 } configured ? configured : DefaultArguments)
        {
            start.ArgumentList.Add(values.Aggregate(argument, (text, value) => text.Replace(value.Key, value.Value, StringComparison.Ordinal)));
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {settings.ScreenshotCommand}");
        // Drain both pipes, or a chatty browser blocks on a full one.
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.ScreenshotTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{settings.ScreenshotCommand} did not finish within {settings.ScreenshotTimeout}");
        }
        await Task.WhenAll(output, errors);
        if (!File.Exists(file))
        {
            throw new InvalidOperationException($"{settings.ScreenshotCommand} exited with {process.ExitCode} and wrote no screenshot: {Tail(await errors)}");
        }
        var png = await File.ReadAllBytesAsync(file, cancellationToken);
        File.Delete(file);
        if (!PngFile.HasSignature(png))
        {
            throw new InvalidDataException("the capture is not a PNG image");
        }
        if (png.Length > FleetProtocol.MaxScreenshotBytes)
        {
            throw new InvalidDataException($"the capture is {png.Length} bytes; at most {FleetProtocol.MaxScreenshotBytes} may be sent");
        }
        logger.LogInformation("Captured the board ({Width}x{Height}, {Size} bytes)", values["{width}"], values["{height}"], png.Length);
        return png;
    }

    /// <summary>The board as this host serves it, always through loopback.</summary>
    private string BoardUrl()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            ?? "http://127.0.0.1:5090";
        var uri = new UriBuilder(address.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "[::]" or "::" or "localhost")
        {
            uri.Host = "127.0.0.1";
        }
        uri.Path = "/";
        // A capture is not the screen: its page must not count as showing notices (proof of display).
        uri.Query = "proof=off";
        return uri.Uri.ToString();
    }

    private static string Tail(string text) => text.Length <= 400 ? text.Trim() : text[^400..].Trim();
}
