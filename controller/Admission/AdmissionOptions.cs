using SignageKiosk.Controller.Settings;

namespace SignageKiosk.Controller.Admission;

/// <summary>The Admission settings: how many kiosk handshakes the node serves at once (docs/decisions/0039).</summary>
public sealed class AdmissionOptions
{
    public const string Section = "Admission";

    /// <summary>
    /// Kiosk connections between their WebSocket upgrade and their first Ack (Hello, new credential, catch-up) at
    /// once; more wait briefly, then are refused at the door with 503 and a Retry-After. 0 (the default) turns
    /// admission off: a fixed limit of 64 made the 10,000-kiosk storms far slower, not faster (docs/decisions/0039),
    /// because a handshake's time is mostly round trips to the kiosks, not the node's own work.
    /// </summary>
    public int MaxConcurrentHandshakes { get; set; }

    /// <summary>
    /// Handshakes that may wait at the door for a place (an idle request: no database work yet) before the rest are
    /// refused, so the node stays busy between one kiosk's Ack and the next one's knock.
    /// </summary>
    public int QueueLimit { get; set; } = 64;

    /// <summary>The longest a handshake waits at the door before it is refused with a Retry-After after all.</summary>
    public TimeSpan QueueTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>An admitted connection that has not acked by then gives its place up (it stays connected).</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest Retry-After handed out: the refused crowd is spread over at most this many seconds.</summary>
    public int MaxRetryAfterSeconds { get; set; } = 10;

    /// <summary>
    /// Connections waiting to be accepted (the listen backlog; the kernel caps it at net.core.somaxconn). Kestrel's 512
    /// overflows when thousands of kiosks reconnect in the same second (a dropped SYN is retransmitted after 1 s, then
    /// 3 s); a larger one lets them queue instead, where /healthz's connection waits behind them. Not measured apart yet.
    /// </summary>
    public int ListenBacklog { get; set; } = 512;

    /// <summary>What is wrong with these settings, or null.</summary>
    public string? Problem() =>
        MaxConcurrentHandshakes < 0 ? Must("MaxConcurrentHandshakes", "须为 0（关闭）或更大", "must be 0 (off) or more")
        : QueueLimit < 0 ? Must("QueueLimit", "须为 0 或更大", "must be 0 or more")
        : QueueTimeout < TimeSpan.Zero ? Must("QueueTimeout", "不能为负", "must not be negative")
        : HandshakeTimeout <= TimeSpan.Zero ? Must("HandshakeTimeout", "须大于 0", "must be positive")
        : ListenBacklog < 1 ? Must("ListenBacklog", "须大于 0", "must be positive")
        : MaxRetryAfterSeconds is < 1 or > 60 ? Must("MaxRetryAfterSeconds", "须在 1 到 60 之间", "must be between 1 and 60")
        : null;

    private static string Must(string setting, string zh, string en) => SettingsRegistration.Must(Section + ":" + setting, zh, en);
}
