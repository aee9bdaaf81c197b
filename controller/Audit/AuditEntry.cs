using System.Text.Json;

namespace SignageKiosk.Controller.Audit;

/// <summary>Who changed what, when, from where, with the record before and after.</summary>
public sealed record AuditEntry(
    long Id,
    DateTimeOffset At,
    string Actor,
    string? Address,
    string Action,
    string Kind,
    string ItemId,
    long? Seq,
    JsonElement? Before,
    JsonElement? After);
