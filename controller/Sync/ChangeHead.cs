namespace SignageKiosk.Controller.Sync;

/// <summary>The change log's head: the sequence of the last committed change (GET /api/changes/head).</summary>
public sealed record ChangeHead(long Seq);
