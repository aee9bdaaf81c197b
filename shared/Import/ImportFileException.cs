namespace SignageKiosk.Shared.Import;

/// <summary>The file as a whole cannot be imported (no header, a required column missing); the message is for staff.</summary>
public sealed class ImportFileException(string message) : Exception(message);
