namespace SignageKiosk.Controller.Import;

/// <summary>How a cell style shows a number: as itself, or as a date, a time of day, or both.</summary>
public enum DateStyle
{
    None,
    Date,
    Time,
    DateTime,
}
