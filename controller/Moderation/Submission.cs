using System.Text.Json;

namespace SignageKiosk.Controller.Moderation;

public enum SubmissionStatus
{
    /// <summary>Waiting for a community staff member.</summary>
    Pending,
    Approved,
    Rejected,
    /// <summary>Replaced by a newer submission for the same item before anyone reviewed it, or a discarded draft.</summary>
    Superseded,
    /// <summary>Saved by its author without publishing; only the author sees it.</summary>
    Draft,
}

/// <summary>A change a station master proposed; it reaches boards only when a reviewer approves it.</summary>
public sealed record Submission(
    long Id,
    string Kind,
    string ItemId,
    JsonElement Item,
    string Author,
    DateTimeOffset SubmittedAt,
    SubmissionStatus Status,
    string? Reviewer,
    DateTimeOffset? ReviewedAt,
    string? Note,
    long? Seq);
