using ShelfCloud.Domain.Alerts;

namespace ShelfCloud.Domain.Tests.Alerts;

public sealed class AlertClockTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static DateTimeOffset BerlinTime(int month, int day, int hour, int minute = 0) =>
        new(new DateTime(2026, month, day, hour, minute, 0), Berlin.GetUtcOffset(new DateTime(2026, month, day, hour, minute, 0)));

    [Fact]
    public void Outside_the_quiet_hours_an_alert_goes_at_once()
    {
        var noon = BerlinTime(3, 2, 12);

        AlertClock.AfterQuietHours(noon, new TimeOnly(22, 0), new TimeOnly(6, 0), Berlin).ShouldBe(noon);
        AlertClock.AfterQuietHours(noon, null, null, Berlin).ShouldBe(noon);
    }

    [Fact]
    public void Quiet_hours_across_midnight_hold_an_alert_until_they_end_in_the_stores_time()
    {
        var lateEvening = BerlinTime(3, 2, 23, 30);
        var earlyMorning = BerlinTime(3, 3, 5, 0);

        AlertClock.AfterQuietHours(lateEvening, new TimeOnly(22, 0), new TimeOnly(6, 0), Berlin).ShouldBe(BerlinTime(3, 3, 6));
        AlertClock.AfterQuietHours(earlyMorning, new TimeOnly(22, 0), new TimeOnly(6, 0), Berlin).ShouldBe(BerlinTime(3, 3, 6));
        AlertClock.AfterQuietHours(BerlinTime(3, 3, 6), new TimeOnly(22, 0), new TimeOnly(6, 0), Berlin).ShouldBe(BerlinTime(3, 3, 6), "the quiet hours end at 06:00 sharp");
    }

    [Fact]
    public void Quiet_hours_within_a_day_hold_an_alert_until_they_end()
    {
        AlertClock.AfterQuietHours(BerlinTime(3, 2, 13), new TimeOnly(12, 0), new TimeOnly(14, 0), Berlin).ShouldBe(BerlinTime(3, 2, 14));
        AlertClock.AfterQuietHours(BerlinTime(3, 2, 11), new TimeOnly(12, 0), new TimeOnly(14, 0), Berlin).ShouldBe(BerlinTime(3, 2, 11));
    }

    [Fact]
    public void The_next_digest_time_is_today_or_tomorrow_and_survives_the_spring_forward()
    {
        AlertClock.NextAt(BerlinTime(3, 2, 5), new TimeOnly(7, 0), Berlin).ShouldBe(BerlinTime(3, 2, 7));
        AlertClock.NextAt(BerlinTime(3, 2, 8), new TimeOnly(7, 0), Berlin).ShouldBe(BerlinTime(3, 3, 7));
        // On 29 March 2026 Berlin's clocks jump from 02:00 to 03:00: a 02:30 digest comes at 03:30 that day.
        var jump = AlertClock.NextAt(BerlinTime(3, 29, 1), new TimeOnly(2, 30), Berlin);
        jump.ShouldBe(new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.Zero));
    }

    [Fact]
    public void A_subscription_covers_its_store_from_its_severity_up()
    {
        var store = Guid.NewGuid();
        var subscription = new AlertSubscription { StoreId = store, MinSeverity = AlertSeverity.Warning };

        subscription.Covers(store, AlertSeverity.Critical).ShouldBeTrue();
        subscription.Covers(store, AlertSeverity.Info).ShouldBeFalse();
        subscription.Covers(Guid.NewGuid(), AlertSeverity.Critical).ShouldBeFalse();
        new AlertSubscription { MinSeverity = AlertSeverity.Info }.Covers(Guid.NewGuid(), AlertSeverity.Info).ShouldBeTrue("no store: every store");
    }
}
