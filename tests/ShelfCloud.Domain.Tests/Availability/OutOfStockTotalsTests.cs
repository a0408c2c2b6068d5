using ShelfCloud.Domain.Availability;

namespace ShelfCloud.Domain.Tests.Availability;

public sealed class OutOfStockTotalsTests
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    private static OutOfStockSpan Milk(double startHours, double? clearedHours) =>
        new("milk", "Milk", Monday.AddHours(startHours), clearedHours is { } h ? Monday.AddHours(h) : null);

    [Fact]
    public void Minutes_missing_count_only_inside_the_period_and_open_events_until_now()
    {
        var totals = OutOfStockTotals.Of(
            [Milk(-2, 1), Milk(10, 12), Milk(20, null), new OutOfStockSpan("oat", "Oat", Monday.AddHours(30), Monday.AddHours(31))],
            Monday, Monday.AddDays(1), now: Monday.AddHours(22));

        var milk = totals.ShouldHaveSingleItem();
        milk.Key.ShouldBe("milk");
        milk.Events.ShouldBe(3);
        milk.MissingMinutes.ShouldBe(60 + 120 + 120, "1 h of the first inside the day, 2 h, and 2 h of the open one until now");
        milk.Refilled.ShouldBe(2);
        milk.MedianMinutesToRefill.ShouldBe((180 + 120) / 2.0, "the first took 3 h from when it started, before the period");
        milk.LongestMinutesToRefill.ShouldBe(180);
        milk.OpenNow.ShouldBe(1);
    }

    [Fact]
    public void The_most_missed_comes_first_and_a_key_never_refilled_has_no_refill_time()
    {
        var totals = OutOfStockTotals.Of([Milk(1, 2), new OutOfStockSpan("oat", "Oat", Monday.AddHours(3), null)], Monday, Monday.AddDays(1), Monday.AddDays(2));

        totals.Select(t => t.Key).ShouldBe(["oat", "milk"]);
        totals[0].MedianMinutesToRefill.ShouldBeNull();
        totals[0].MissingMinutes.ShouldBe(21 * 60, "open: missing until the period's end");
        Should.Throw<ArgumentException>(() => OutOfStockTotals.Of([], Monday, Monday, Monday));
    }
}
