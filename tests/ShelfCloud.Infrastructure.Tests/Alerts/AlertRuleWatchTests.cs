using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Domain.Alerts;
using ShelfCloud.Domain.Availability;
using ShelfCloud.Infrastructure.Alerts;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Tests.Availability;

namespace ShelfCloud.Infrastructure.Tests.Alerts;

/// <summary>Alert rules on a real database: they fire once when due, through notifications, and refuse bad input.</summary>
public sealed class AlertRuleWatchTests(AnalysisDatabase fixture) : IClassFixture<AnalysisDatabase>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;
    private TestDatabase Database => fixture.Database;

    [Fact]
    public async Task An_out_of_stock_rule_fires_once_when_the_event_is_old_enough_and_an_availability_rule_once_a_day()
    {
        var shelf = await ShelfScenario.CreateAsync(Database, await ShelfScenario.CreateTenantAsync(Database, "rules"));
        var milk = await shelf.AddSkuAsync("Nordkind");
        var now = DateTimeOffset.UtcNow;
        var capture = await shelf.AddCaptureAsync(now.AddMinutes(-5), milk, null, null);
        await using (var scope = Database.InTenant(shelf.TenantId))
        {
            var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
            db.OutOfStockEvents.Add(new OutOfStockEvent { StoreId = shelf.StoreId, ShelfId = shelf.ShelfId, SkuId = milk, StartedAt = now.AddMinutes(-90), ConsecutiveCaptures = 4 });
            db.OutOfStockEvents.Add(new OutOfStockEvent { StoreId = shelf.StoreId, ShelfId = shelf.ShelfId, SkuId = milk, StartedAt = now.AddMinutes(-10), ConsecutiveCaptures = 3 });
            db.CaptureShelfStats.Add(new Domain.Analytics.CaptureShelfStats
            {
                CaptureId = capture, StoreId = shelf.StoreId, ShelfId = shelf.ShelfId, TakenAt = now.AddMinutes(-5), Day = DateOnly.FromDateTime(now.UtcDateTime), Products = 1, EmptyFacings = 2,
            });
            await db.SaveChangesAsync(Token);
            var rules = scope.ServiceProvider.GetRequiredService<AlertRules>();
            await rules.AddAsync(new AlertRuleInput("Milk gone an hour", AlertRuleKind.OutOfStock, AlertSeverity.Critical, SkuId: milk, MinMinutes: 60), Token);
            await rules.AddAsync(new AlertRuleInput("Shelf below 80 %", AlertRuleKind.Availability, AlertSeverity.Warning, StoreId: shelf.StoreId, AvailabilityBelow: 0.8), Token);
        }

        var watch = Database.Services.GetRequiredService<AlertRuleWatch>();
        (await watch.CheckAsync(Token)).ShouldBeGreaterThanOrEqualTo(2);
        (await watch.CheckAsync(Token)).ShouldBe(0, "each fires once");

        await using var check = Database.InTenant(shelf.TenantId);
        var titles = (await check.ServiceProvider.GetRequiredService<NotificationCentre>().ListAsync("manager-1", Token)).Select(n => n.Title).ToList();
        titles.ShouldContain(t => t.StartsWith("Milk gone an hour: Nordkind product missing on Shelf ", StringComparison.Ordinal) && t.EndsWith("for 90 min", StringComparison.Ordinal));
        titles.Count(t => t.StartsWith("Milk gone an hour", StringComparison.Ordinal)).ShouldBe(1, "the ten-minute event is not due yet");
        titles.ShouldContain(t => t.StartsWith("Shelf below 80 %: Shelf ", StringComparison.Ordinal) && t.Contains("33 % available", StringComparison.Ordinal));
        var listed = await check.ServiceProvider.GetRequiredService<AlertRules>().ListAsync(Token);
        listed.Select(r => (r.Rule.Name, r.Fired)).ShouldBe([("Milk gone an hour", 1), ("Shelf below 80 %", 1)]);
        listed[0].Condition.ShouldBe("missing 60+ min");
    }

    [Fact]
    public async Task A_rule_needs_a_name_a_condition_of_its_kind_and_the_tenants_own_store()
    {
        var tenant = await ShelfScenario.CreateTenantAsync(Database, "rules-bad");
        var other = await ShelfScenario.CreateAsync(Database, await ShelfScenario.CreateTenantAsync(Database, "rules-other"));
        await using var scope = Database.InTenant(tenant);
        var rules = scope.ServiceProvider.GetRequiredService<AlertRules>();

        (await Should.ThrowAsync<AlertRuleException>(() => rules.AddAsync(new AlertRuleInput(" ", AlertRuleKind.OutOfStock, AlertSeverity.Warning), Token))).Message.ShouldContain("name");
        (await Should.ThrowAsync<AlertRuleException>(() => rules.AddAsync(new AlertRuleInput("x", AlertRuleKind.Availability, AlertSeverity.Warning, AvailabilityBelow: 80), Token))).Message.ShouldContain("between 0 and 1");
        (await Should.ThrowAsync<AlertRuleException>(() => rules.AddAsync(new AlertRuleInput("x", AlertRuleKind.OutOfStock, AlertSeverity.Warning, AvailabilityBelow: 0.5), Token))).Message.ShouldContain("not an availability");
        (await Should.ThrowAsync<AlertRuleException>(() => rules.AddAsync(new AlertRuleInput("x", AlertRuleKind.OutOfStock, AlertSeverity.Warning, StoreId: other.StoreId), Token))).Message.ShouldContain("store");
        (await rules.ListAsync(Token)).ShouldBeEmpty("nothing half written");

        var id = await rules.AddAsync(new AlertRuleInput("Anything missing", AlertRuleKind.OutOfStock, AlertSeverity.Info), Token);
        (await rules.SetEnabledAsync(id, false, Token)).ShouldBeTrue();
        (await rules.ListAsync(Token)).ShouldHaveSingleItem().Rule.Enabled.ShouldBeFalse();
        (await rules.RemoveAsync(id, Token)).ShouldBeTrue();
        (await rules.ListAsync(Token)).ShouldBeEmpty();
    }
}
