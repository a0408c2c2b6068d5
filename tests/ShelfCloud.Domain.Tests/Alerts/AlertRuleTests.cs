using ShelfCloud.Domain.Alerts;
using ShelfCloud.Domain.Availability;

namespace ShelfCloud.Domain.Tests.Alerts;

public sealed class AlertRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Store = Guid.NewGuid();
    private static readonly Guid Shelf = Guid.NewGuid();
    private static readonly Guid Milk = Guid.NewGuid();

    private static OutOfStockEvent Missing(int minutes, int captures, Guid? sku = null, Guid? shelf = null) => new()
    {
        StoreId = Store, ShelfId = shelf ?? Shelf, SkuId = sku ?? Milk, StartedAt = Now.AddMinutes(-minutes), ConsecutiveCaptures = captures,
    };

    [Fact]
    public void An_out_of_stock_rule_fires_past_its_minutes_or_captures_in_its_scope_only()
    {
        var afterAnHour = new AlertRule { Kind = AlertRuleKind.OutOfStock, MinMinutes = 60, SkuId = Milk };
        var afterFive = new AlertRule { Kind = AlertRuleKind.OutOfStock, MinCaptures = 5, ShelfId = Shelf };

        afterAnHour.FiresOn(Missing(59, 9), Now).ShouldBeFalse();
        afterAnHour.FiresOn(Missing(60, 3), Now).ShouldBeTrue();
        afterAnHour.FiresOn(Missing(90, 3, sku: Guid.NewGuid()), Now).ShouldBeFalse("another SKU");
        afterFive.FiresOn(Missing(500, 4), Now).ShouldBeFalse();
        afterFive.FiresOn(Missing(10, 5), Now).ShouldBeTrue();
        afterFive.FiresOn(Missing(10, 5, shelf: Guid.NewGuid()), Now).ShouldBeFalse("another shelf");
        var refilled = Missing(120, 9);
        refilled.ClearedAt = Now;
        afterAnHour.FiresOn(refilled, Now).ShouldBeFalse("it is back");
        new AlertRule { Kind = AlertRuleKind.OutOfStock, MinMinutes = 60, SkuId = Milk, Enabled = false }.FiresOn(Missing(90, 3), Now).ShouldBeFalse();
    }

    [Fact]
    public void An_availability_rule_fires_below_its_share_in_its_store()
    {
        var rule = new AlertRule { Kind = AlertRuleKind.Availability, AvailabilityBelow = 0.8, StoreId = Store };

        rule.FiresOn(Store, Shelf, 0.79).ShouldBeTrue();
        rule.FiresOn(Store, Shelf, 0.8).ShouldBeFalse();
        rule.FiresOn(Guid.NewGuid(), Shelf, 0.1).ShouldBeFalse("another store");
        rule.FiresOn(Missing(600, 20), Now).ShouldBeFalse("an availability rule does not fire on events");
    }
}
