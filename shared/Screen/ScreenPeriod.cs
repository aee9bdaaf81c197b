using System.Text.Json.Serialization;

namespace SignageKiosk.Shared.Screen;

/// <summary>
/// One stretch of a day with the screen on, from <see cref="On"/> to <see cref="Off"/> on the station's wall clock.
/// An <see cref="Off"/> earlier than <see cref="On"/> runs past midnight into the next day (22:00–02:00); equal
/// times are a whole day (00:00–24:00). A period belongs to the day it starts on.
/// </summary>
public sealed record ScreenPeriod
{
    [JsonConverter(typeof(ClockTimeJsonConverter))]
    public required TimeOnly On { get; init; }

    [JsonConverter(typeof(ClockTimeJsonConverter))]
    public required TimeOnly Off { get; init; }

    /// <summary>Ends on the next day (a whole-day period too).</summary>
    [JsonIgnore]
    public bool PastMidnight => Off <= On;

    /// <summary>Its length on the wall clock; a DST change that night makes the real time an hour shorter or longer.</summary>
    [JsonIgnore]
    public TimeSpan Length => Off == On ? TimeSpan.FromDays(1) : Off - On;

    /// <summary>Where it starts on <paramref name="date"/>'s wall clock.</summary>
    public DateTime StartOn(DateOnly date) => date.ToDateTime(On);

    /// <summary>Where it ends on the wall clock when it starts on <paramref name="date"/>.</summary>
    public DateTime EndAfter(DateOnly date) => StartOn(date) + Length;
}
