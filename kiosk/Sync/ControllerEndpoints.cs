using Microsoft.Extensions.Options;
using SignageKiosk.Kiosk.Pairing;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Kiosk.Sync;

/// <summary>
/// The controller URLs this kiosk may use (Kiosk:ControllerUrls, or Kiosk:ControllerUrl as a list of one) and the one
/// in use now, shared by the hub connection, the plain HTTP calls and media downloads: whichever of them finds the
/// current node unreachable moves everyone to the next (issue 17: no sticky sessions, no load balancer required).
/// </summary>
public sealed class ControllerEndpoints
{
    private readonly IReadOnlyList<Uri> _urls;
    private readonly ILogger<ControllerEndpoints> _logger;
    private int _current;

    public ControllerEndpoints(IOptions<KioskOptions> options, ILogger<ControllerEndpoints> logger)
    {
        var settings = options.Value;
        // Validated at start (ControllerUrlsValidation); an invalid list here would be a bug, not bad input.
        var (urls, error) = ControllerChoice.Parse(settings.ControllerUrl, settings.ControllerUrls);
        _urls = error is null ? urls : throw new InvalidOperationException(error);
        _logger = logger;
        _current = ControllerChoice.First(_urls.Count, InstallationId.Read(settings), Random.Shared.NextDouble());
    }

    /// <summary>False: no controller configured, the kiosk shows its cache only.</summary>
    public bool Configured => _urls.Count > 0;

    public IReadOnlyList<Uri> All => _urls;

    /// <summary>The base URL to use now (ends in a slash).</summary>
    public Uri Current => Configured ? _urls[Volatile.Read(ref _current)] : throw new InvalidOperationException("no controller configured");

    /// <summary><paramref name="path"/> under the current base URL.</summary>
    public Uri Resolve(string path) => new(Current, path.TrimStart('/'));

    /// <summary>
    /// <paramref name="failed"/> (a base URL from <see cref="Current"/>) did not answer: move on to the next one, unless
    /// another caller already did (two calls failing on the same dead node move once, not twice).
    /// </summary>
    public void Failed(Uri failed, string reason)
    {
        var index = IndexOf(failed);
        if (index < 0 || _urls.Count <= 1)
        {
            return;
        }
        var next = ControllerChoice.After(index, _urls.Count);
        if (Interlocked.CompareExchange(ref _current, next, index) == index)
        {
            _logger.LogWarning("Controller {Failed} unreachable ({Reason}); moving to {Next}", failed, reason, _urls[next]);
        }
    }

    private int IndexOf(Uri uri)
    {
        for (var i = 0; i < _urls.Count; i++)
        {
            if (_urls[i] == uri)
            {
                return i;
            }
        }
        return -1;
    }
}
