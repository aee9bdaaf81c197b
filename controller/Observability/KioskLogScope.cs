using System.Collections;
using SignageKiosk.Controller.Auth;

namespace SignageKiosk.Controller.Observability;

/// <summary>
/// The logging scope around a kiosk's hub calls and HTTP requests: every line written during them carries
/// <c>KioskId</c> (journald's structured fields, a JSON console, any provider that includes scopes), whichever class
/// writes it. One instance per connection or request; its items are a single pair.
/// </summary>
public sealed class KioskLogScope(string kioskId) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public const string Key = "KioskId";

    public string KioskId { get; } = kioskId;

    public int Count => 1;

    public KeyValuePair<string, object?> this[int index] =>
        index == 0 ? new(Key, KioskId) : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return this[0];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>What the simple console shows with IncludeScopes.</summary>
    public override string ToString() => Key + ":" + KioskId;

    /// <summary>A scope for a kiosk's request, or null for anyone else (staff, residents, Prometheus).</summary>
    public static IDisposable? Begin(ILogger logger, System.Security.Claims.ClaimsPrincipal? user) =>
        user?.KioskId() is { } kioskId ? logger.BeginScope(new KioskLogScope(kioskId)) : null;
}
