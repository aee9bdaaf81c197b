using System.Text;

namespace SignageKiosk.Shared.Sync;

/// <summary>
/// Which of a kiosk's controller URLs to use (issue 17, "no sticky sessions"): where a kiosk starts, where it goes
/// after a failure, and which failures count. Pure, so the kiosk's I/O classes only report what happened.
/// </summary>
public static class ControllerChoice
{
    /// <summary>
    /// The URLs from configuration: <paramref name="list"/> (Kiosk:ControllerUrls) or the single
    /// <paramref name="single"/> (Kiosk:ControllerUrl) as a list of one. Empty when neither is set (the kiosk runs from
    /// its cache). Every entry must be an absolute http(s) URL without query or fragment; setting both is refused, so
    /// nobody has to guess which one a kiosk uses.
    /// </summary>
    public static (IReadOnlyList<Uri> Urls, string? Error) Parse(string? single, IReadOnlyList<string?>? list)
    {
        var entries = (list ?? []).Select((value, index) => (Name: $"Kiosk:ControllerUrls:{index}", Value: value)).ToList();
        if (entries.Count > 0 && !string.IsNullOrWhiteSpace(single))
        {
            return ([], "Kiosk:ControllerUrl and Kiosk:ControllerUrls are both set; keep one (a single URL is a list of one)");
        }
        if (entries.Count == 0 && !string.IsNullOrWhiteSpace(single))
        {
            entries.Add(("Kiosk:ControllerUrl", single));
        }
        var urls = new List<Uri>(entries.Count);
        foreach (var (name, value) in entries)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return ([], $"{name} is empty; give an http or https URL such as http://10.0.0.5:5080");
            }
            var trimmed = value.Trim();
            if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || uri.Host.Length == 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
            {
                return ([], $"{name} '{trimmed}' is not an http or https URL without query, fragment or user name (e.g. http://10.0.0.5:5080)");
            }
            // A trailing slash makes relative paths land under a path base (http://lb/signage/ + api/… = /signage/api/…).
            var withSlash = new Uri(uri.AbsoluteUri.EndsWith('/') ? uri.AbsoluteUri : uri.AbsoluteUri + "/");
            if (urls.Contains(withSlash))
            {
                return ([], $"{name} '{trimmed}' is listed twice");
            }
            urls.Add(withSlash);
        }
        return (urls, null);
    }

    /// <summary>
    /// The index a kiosk tries first. Spread by <paramref name="spreadKey"/> (the installation id: the same kiosk starts on
    /// the same URL every time) so a fleet sharing one list does not all start on the first; without a key, by
    /// <paramref name="random"/> in [0, 1).
    /// </summary>
    public static int First(int count, string? spreadKey, double random)
    {
        if (count <= 1)
        {
            return 0;
        }
        if (string.IsNullOrEmpty(spreadKey))
        {
            return Math.Clamp((int)(Math.Clamp(random, 0, 1) * count), 0, count - 1);
        }
        // FNV-1a: stable across processes and versions, unlike string.GetHashCode.
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(spreadKey))
        {
            hash = (hash ^ b) * 16777619u;
        }
        return (int)(hash % (uint)count);
    }

    /// <summary>The index to use after the one at <paramref name="failed"/> failed: the next, round the list.</summary>
    public static int After(int failed, int count) => count <= 1 ? 0 : ((failed % count) + count + 1) % count;

    /// <summary>
    /// Whether a failed call means "try another URL": no answer at all (<paramref name="status"/> null: refused, reset,
    /// timed out), or a gateway or node that cannot serve (502, 503, 504) without a retry hint. Any other answer,
    /// a 4xx above all, is the controller's answer and another node would give the same; a 503 with a retry hint is a
    /// node admitting others first (docs/decisions/0039), honoured where it is.
    /// </summary>
    public static bool MoveOn(int? status, bool retryHint) =>
        status is null || (status is 502 or 503 or 504 && !retryHint);
}
