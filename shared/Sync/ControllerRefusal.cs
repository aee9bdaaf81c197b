namespace SignageKiosk.Shared.Sync;

/// <summary>
/// Tells the controller's "no" from a failure on the way. The hub refuses with a HubException carrying its own reason;
/// SignalR sends that as "An unexpected error occurred invoking 'M' on the server. HubException: reason". Any other
/// server-side exception (a busy database, a bug) arrives as the same sentence with nothing after it (or, with detailed
/// errors on, another exception's name). Only the hub's own reason is final: anything else leaves the report pending,
/// because marking it refused would lose a resident's report to a passing fault.
/// </summary>
public static class ControllerRefusal
{
    private const string Marker = "HubException: ";

    // The hub's own precondition: the session was lost between hello and the call; the next connection says hello again.
    private const string NotSaidHello = "say Hello first";

    /// <summary>The hub's own reason for refusing, or null when the message is a fault on the way.</summary>
    public static string? Reason(string message)
    {
        var at = message.IndexOf(Marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }
        var reason = message[(at + Marker.Length)..].Trim();
        return reason.Length == 0 || reason == NotSaidHello ? null : reason;
    }
}
