using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ShelfCloud.Domain.Alerts;
using ShelfCloud.Infrastructure.Data;

namespace ShelfCloud.Infrastructure.Alerts;

/// <summary>
/// Once a minute, fires each tenant's enabled alert rules (<see cref="AlertRule"/>) that came due: an out-of-stock
/// event past the rule's captures or minutes (once per event), a shelf whose latest photo shows availability below the
/// rule's share (once per shelf and UTC day). Each firing is an <c>alert_rule</c> event through <see cref="AlertOutbox"/>
/// and an <see cref="AlertRuleFiring"/> in the same unit of work.
/// </summary>
public sealed class AlertRuleWatch(IServiceScopeFactory scopes, TenantSweep sweep, TimeProvider clock, ILogger<AlertRuleWatch> logger) : IMinuteWatch
{
    /// <summary>How far back a shelf's latest photo may be for its availability to count.</summary>
    private static readonly TimeSpan LatestPhoto = TimeSpan.FromHours(2);

    public string Name => "Checking alert rules";

    public async Task<int> CheckAsync(CancellationToken ct = default)
    {
        List<Guid> tenants;
        await using (var scope = scopes.CreateAsyncScope())
        {
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<ShelfCloudDbContext>>().CreateDbContextAsync(ct);
            // A platform query: which tenants have enabled rules; each is checked inside its own tenant's scope.
            tenants = await db.AlertRules.IgnoreQueryFilters([ShelfCloudDbContext.TenantFilter]).Where(r => r.Enabled)
                .Select(r => r.TenantId).Distinct().ToListAsync(ct);
        }

        return await sweep.ForEachAsync(tenants, "alert-rules", services => CheckTenantAsync(services, ct));
    }

    private async Task<int> CheckTenantAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<ShelfCloudDbContext>();
        var outbox = services.GetRequiredService<AlertOutbox>();
        var now = clock.GetUtcNow();
        var rules = await db.AlertRules.AsNoTracking().Where(r => r.Enabled).ToListAsync(ct);
        var fired = (await db.AlertRuleFirings.AsNoTracking().Where(f => f.FiredAt >= now.AddDays(-31)).Select(f => new { f.RuleId, f.Key }).ToListAsync(ct))
            .Select(f => (f.RuleId, f.Key)).ToHashSet();
        var names = await NamesAsync(db, ct);
        var due = new List<(AlertRule Rule, string Key, AlertText Alert, Dictionary<string, object?> Body)>();

        if (rules.Any(r => r.Kind == AlertRuleKind.OutOfStock))
        {
            var open = await db.OutOfStockEvents.AsNoTracking().Where(e => e.ClearedAt == null).ToListAsync(ct);
            foreach (var rule in rules)
            {
                foreach (var e in open.Where(e => rule.FiresOn(e, now)))
                {
                    var minutes = (int)(now - e.StartedAt).TotalMinutes;
                    var what = e.SkuId is { } sku ? names.Skus.GetValueOrDefault(sku, "A product") : "An empty facing";
                    var title = $"{rule.Name}: {what} missing on {names.Shelves.GetValueOrDefault(e.ShelfId)} ({names.Stores.GetValueOrDefault(e.StoreId)}) for {minutes} min";
                    due.Add((rule, $"oos:{e.Id:N}", new AlertText(title, e.StoreId, null, rule.Severity, $"rule:{rule.Id:N}:{e.Id:N}"),
                        Body(rule, e.StoreId, e.ShelfId, ("sku_id", e.SkuId), ("missing_since", e.StartedAt), ("consecutive_captures", e.ConsecutiveCaptures))));
                }
            }
        }

        if (rules.Any(r => r.Kind == AlertRuleKind.Availability))
        {
            var since = now - LatestPhoto;
            var latest = (await db.CaptureShelfStats.AsNoTracking().Where(s => s.TakenAt >= since).ToListAsync(ct))
                .GroupBy(s => s.ShelfId).Select(g => g.MaxBy(s => s.TakenAt)!).Where(s => s.Products + s.EmptyFacings > 0).ToList();
            foreach (var rule in rules)
            {
                foreach (var stats in latest)
                {
                    var availability = (double)stats.Products / (stats.Products + stats.EmptyFacings);
                    if (!rule.FiresOn(stats.StoreId, stats.ShelfId, availability))
                        continue;
                    var title = string.Create(CultureInfo.InvariantCulture,
                        $"{rule.Name}: {names.Shelves.GetValueOrDefault(stats.ShelfId)} ({names.Stores.GetValueOrDefault(stats.StoreId)}) is {availability:P0} available, below {rule.AvailabilityBelow:P0}");
                    due.Add((rule, $"availability:{stats.ShelfId:N}:{now:yyyy-MM-dd}", new AlertText(title, stats.StoreId, stats.CaptureId, rule.Severity, $"rule:{rule.Id:N}:{stats.ShelfId:N}"),
                        Body(rule, stats.StoreId, stats.ShelfId, ("capture_id", stats.CaptureId), ("availability", Math.Round(availability, 4)))));
                }
            }
        }

        var fresh = due.Where(d => !fired.Contains((d.Rule.Id, d.Key))).ToList();
        if (fresh.Count == 0)
            return 0;
        var audience = await AlertAudience.LoadAsync(db, now, ct);
        foreach (var (rule, key, alert, body) in fresh)
        {
            db.AlertRuleFirings.Add(new AlertRuleFiring { RuleId = rule.Id, Key = key, FiredAt = now });
            outbox.Enqueue(db, audience, WebhookEvents.AlertRule, alert, body);
        }

        await db.SaveChangesAsync(ct);
        logger.LogInformation("{Count} alert rule(s) fired", fresh.Count);
        return fresh.Count;
    }

    private static Dictionary<string, object?> Body(AlertRule rule, Guid storeId, Guid shelfId, params (string Key, object? Value)[] extra)
    {
        var body = new Dictionary<string, object?>
        {
            ["rule_id"] = rule.Id, ["rule"] = rule.Name, ["kind"] = rule.Kind == AlertRuleKind.OutOfStock ? "out_of_stock" : "availability",
            ["severity"] = rule.Severity.ToString().ToLowerInvariant(), ["store_id"] = storeId, ["shelf_id"] = shelfId,
        };
        foreach (var (key, value) in extra)
            body[key] = value;
        return body;
    }

    private static async Task<(Dictionary<Guid, string> Stores, Dictionary<Guid, string> Shelves, Dictionary<Guid, string> Skus)> NamesAsync(ShelfCloudDbContext db, CancellationToken ct) =>
        (await db.Stores.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, ct),
         await db.Shelves.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, ct),
         await db.OutOfStockEvents.AsNoTracking().Where(e => e.ClearedAt == null && e.SkuId != null).Select(e => e.SkuId!.Value).Distinct()
             .Join(db.Skus, id => id, s => s.Id, (_, s) => new { s.Id, s.Name }).ToDictionaryAsync(s => s.Id, s => s.Name, ct));
}
