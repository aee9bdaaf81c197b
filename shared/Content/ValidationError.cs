namespace SignageKiosk.Shared.Content;

public sealed record ValidationError(string Field, string Message);
