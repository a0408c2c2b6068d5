namespace ShelfCloud.Domain.Onboarding;

/// <summary>
/// A store's clock: availability is read in the store's local days and hours (a manager's "yesterday"), not in UTC.
/// An unknown time-zone id falls back to UTC rather than failing a page.
/// </summary>
public sealed class StoreTime
{
    private StoreTime(TimeZoneInfo zone) => Zone = zone;

    /// <summary>UTC.</summary>
    public static StoreTime Utc { get; } = new(TimeZoneInfo.Utc);

    /// <summary>The time zone used.</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>The clock of the time zone with this IANA or Windows id; UTC when unknown.</summary>
    public static StoreTime For(string? timeZoneId) =>
        !string.IsNullOrWhiteSpace(timeZoneId) && TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var zone) ? new StoreTime(zone) : Utc;

    /// <summary>The instant in the store's local time.</summary>
    public DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>The store's calendar day at this instant.</summary>
    public DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(Local(instant).DateTime);

    /// <summary>The instant the store's local day starts.</summary>
    public DateTimeOffset StartOf(DateOnly day)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // A midnight skipped by a daylight-saving jump does not exist; the day then starts an hour later.
        while (Zone.IsInvalidTime(midnight))
            midnight = midnight.AddHours(1);
        return new DateTimeOffset(midnight, Zone.GetUtcOffset(midnight));
    }

    /// <summary>The start of the store's local hour that contains this instant.</summary>
    public DateTimeOffset StartOfHour(DateTimeOffset instant)
    {
        var local = Local(instant);
        return new DateTimeOffset(local.Year, local.Month, local.Day, local.Hour, 0, 0, local.Offset);
    }
}
