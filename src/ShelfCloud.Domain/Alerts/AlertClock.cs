namespace ShelfCloud.Domain.Alerts;

/// <summary>Store-local times for alerts: the end of quiet hours and the next time of day (for the daily digest).</summary>
public static class AlertClock
{
    /// <summary>
    /// <paramref name="now"/> when it is outside the quiet hours <paramref name="from"/>–<paramref name="to"/> (store time; a
    /// span past midnight when <paramref name="to"/> is earlier), else the instant they end. No quiet hours: now.
    /// </summary>
    public static DateTimeOffset AfterQuietHours(DateTimeOffset now, TimeOnly? from, TimeOnly? to, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (from is not { } start || to is not { } end || start == end)
            return now;
        var local = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var quiet = start < end ? local >= start && local < end : local >= start || local < end;
        return quiet ? NextAt(now, end, zone) : now;
    }

    /// <summary>The first instant at or after <paramref name="now"/> when the store's clock shows <paramref name="time"/>.</summary>
    public static DateTimeOffset NextAt(DateTimeOffset now, TimeOnly time, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(now, zone);
        for (var day = 0; day <= 2; day++)
        {
            var wall = DateOnly.FromDateTime(local.DateTime).AddDays(day).ToDateTime(time, DateTimeKind.Unspecified);
            // A time skipped by a daylight-saving jump does not exist that day; it comes an hour later.
            while (zone.IsInvalidTime(wall))
                wall = wall.AddHours(1);
            var instant = new DateTimeOffset(wall, zone.GetUtcOffset(wall));
            if (instant >= now)
                return instant;
        }

        return now;
    }
}
