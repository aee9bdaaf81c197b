namespace SignageKiosk.Controller.Backup;

/// <summary>A backup or restore that cannot go ahead; the message is for the operator (Chinese first, then English).</summary>
public sealed class BackupException(string message) : Exception(message);
