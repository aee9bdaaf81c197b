namespace SignageKiosk.Kiosk.Storage;

/// <summary>The store opened but what it holds does not match its own seal: treated like a file that will not open.</summary>
public sealed class StoreDamagedException(string message) : Exception(message);
