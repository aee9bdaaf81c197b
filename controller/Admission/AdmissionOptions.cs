namespace SignageKiosk.Controller.Admission;

/// <summary>The Admission settings: how many kiosk handshakes the node serves at once (docs/decisions/0039).</summary>
public sealed class AdmissionOptions
{
    public const string Section = "Admission";

    /// <summary>
    /// Kiosk connections between their WebSocket upgrade and their first Ack (Hello, new credential, catch-up) at
    /// once; more are refused at the door with 503 and a Retry-After. 0 turns admission off.
    /// </summary>
    public int MaxConcurrentHandshakes { get; set; } = 64;

    /// <summary>An admitted connection that has not acked by then gives its place up (it stays connected).</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest Retry-After handed out: the refused crowd is spread over at most this many seconds.</summary>
    public int MaxRetryAfterSeconds { get; set; } = 10;

    /// <summary>
    /// Connections waiting to be accepted (the listen backlog; the kernel caps it at net.core.somaxconn). Kestrel's 512
    /// overflows when thousands of kiosks reconnect in the same second, and a dropped SYN costs the kiosk a 1 s, then 3 s
    /// retransmit before its refusal (or its place) can even be answered.
    /// </summary>
    public int ListenBacklog { get; set; } = 4096;

    /// <summary>What is wrong with these settings, or null.</summary>
    public string? Problem() =>
        MaxConcurrentHandshakes < 0 ? "Admission:MaxConcurrentHandshakes must be 0 (off) or more"
        : HandshakeTimeout <= TimeSpan.Zero ? "Admission:HandshakeTimeout must be positive"
        : ListenBacklog < 1 ? "Admission:ListenBacklog must be positive"
        : MaxRetryAfterSeconds is < 1 or > 60 ? "Admission:MaxRetryAfterSeconds must be between 1 and 60"
        : null;
}
