namespace SignageKiosk.Shared.Activities;

/// <summary>One concrete happening of an activity, station-local.</summary>
public sealed record Occurrence(Activity Activity, DateTime Start, DateTime End);
