using ShelfCloud.Domain.Shelves;

namespace ShelfCloud.Domain.Tests.Shelves;

public class OutOfStockTrackerTests
{
    private static readonly DateTimeOffset Start = new(2025, 6, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly Guid Cola = Guid.NewGuid();
    private static readonly Guid Water = Guid.NewGuid();
    private static readonly Guid[] ProductList = [Cola, Water];

    private static DateTimeOffset Capture(int n) => Start.AddMinutes(30 * n);

    [Fact]
    public void Missing_sku_is_raised_after_n_consecutive_captures_and_not_before()
    {
        var tracker = new OutOfStockTracker(capturesToRaise: 3);

        tracker.Observe(Capture(0), ProductList, [Water]).ShouldBeEmpty();
        tracker.Observe(Capture(1), ProductList, [Water]).ShouldBeEmpty();
        var raised = tracker.Observe(Capture(2), ProductList, [Water]).ShouldHaveSingleItem();

        raised.ShouldBe(new MissingSkuChange(Cola, MissingSkuChangeKind.Raised, Capture(2), Capture(0), 3));
    }

    [Fact]
    public void One_sighting_resets_the_count()
    {
        var tracker = new OutOfStockTracker(capturesToRaise: 2);

        tracker.Observe(Capture(0), ProductList, [Water]).ShouldBeEmpty();
        tracker.Observe(Capture(1), ProductList, [Water, Cola]).ShouldBeEmpty();
        tracker.Observe(Capture(2), ProductList, [Water]).ShouldBeEmpty();
        tracker.Observe(Capture(3), ProductList, [Water]).ShouldHaveSingleItem().MissingSince.ShouldBe(Capture(2));
    }

    [Fact]
    public void Raised_alert_is_not_raised_again_while_the_sku_stays_missing()
    {
        var tracker = new OutOfStockTracker(capturesToRaise: 1);

        tracker.Observe(Capture(0), ProductList, [Water]).ShouldHaveSingleItem();
        tracker.Observe(Capture(1), ProductList, [Water]).ShouldBeEmpty();
        tracker.Observe(Capture(2), ProductList, [Water]).ShouldBeEmpty();
    }

    [Fact]
    public void Alert_clears_when_the_sku_is_seen_again_with_the_time_to_refill()
    {
        var tracker = new OutOfStockTracker(capturesToRaise: 2);
        tracker.Observe(Capture(0), ProductList, [Water]);
        tracker.Observe(Capture(1), ProductList, [Water]);
        tracker.Observe(Capture(2), ProductList, [Water]);

        var cleared = tracker.Observe(Capture(3), ProductList, [Water, Cola]).ShouldHaveSingleItem();

        cleared.ShouldBe(new MissingSkuChange(Cola, MissingSkuChangeKind.Cleared, Capture(3), Capture(0), 3));
        cleared.MissingFor.ShouldBe(TimeSpan.FromMinutes(90));
        tracker.State.ShouldBeEmpty();
    }

    [Fact]
    public void Skus_off_the_product_list_never_raise()
    {
        var tracker = new OutOfStockTracker(capturesToRaise: 1);

        tracker.Observe(Capture(0), [Water], []).ShouldHaveSingleItem().SkuId.ShouldBe(Water);
        tracker.Observe(Capture(1), [], []).ShouldBeEmpty();
    }

    [Fact]
    public void Sku_dropped_from_the_product_list_before_raising_is_forgotten()
    {
        var tracker = new OutOfStockTracker(capturesToRaise: 2);

        tracker.Observe(Capture(0), [Cola], []);
        tracker.Observe(Capture(1), [], []);
        tracker.Observe(Capture(2), [Cola], []).ShouldBeEmpty();
    }

    [Fact]
    public void Raised_alert_stays_open_after_the_sku_ages_out_of_the_product_list()
    {
        var tracker = new OutOfStockTracker(capturesToRaise: 1);
        tracker.Observe(Capture(0), [Cola], []);

        tracker.Observe(Capture(1), [], []).ShouldBeEmpty();
        tracker.Observe(Capture(2), [], [Cola]).ShouldHaveSingleItem().Kind.ShouldBe(MissingSkuChangeKind.Cleared);
    }

    [Fact]
    public void Tracking_resumes_from_saved_state()
    {
        var first = new OutOfStockTracker(capturesToRaise: 3);
        first.Observe(Capture(0), ProductList, [Water]);
        first.Observe(Capture(1), ProductList, [Water]);

        var resumed = new OutOfStockTracker(capturesToRaise: 3, first.State);

        resumed.Observe(Capture(2), ProductList, [Water]).ShouldHaveSingleItem().MissingSince.ShouldBe(Capture(0));
    }

    [Fact]
    public void Captures_out_of_time_order_are_rejected()
    {
        var tracker = new OutOfStockTracker(capturesToRaise: 2);
        tracker.Observe(Capture(1), ProductList, []);

        Should.Throw<ArgumentOutOfRangeException>(() => tracker.Observe(Capture(0), ProductList, []));
    }

    [Fact]
    public void Empty_product_list_raises_nothing()
    {
        new OutOfStockTracker(capturesToRaise: 1).Observe(Capture(0), [], []).ShouldBeEmpty();
    }

    [Fact]
    public void Fewer_than_one_capture_to_raise_is_rejected()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new OutOfStockTracker(capturesToRaise: 0));
    }
}
