using Microsoft.EntityFrameworkCore;
using ShelfCloud.Domain.Alerts;
using ShelfCloud.Infrastructure.Data;

namespace ShelfCloud.Infrastructure.Alerts;

/// <summary>What a tenant admin asks for when adding an alert rule.</summary>
public sealed record AlertRuleInput(
    string Name, AlertRuleKind Kind, AlertSeverity Severity, Guid? StoreId = null, Guid? ShelfId = null, Guid? SkuId = null,
    int? MinCaptures = null, int? MinMinutes = null, double? AvailabilityBelow = null);

/// <summary>A rule as listed, with how often it fired.</summary>
public sealed record AlertRuleView(AlertRule Rule, string Scope, string Condition, int Fired);

/// <summary>Refused rule input, with the reason.</summary>
public sealed class AlertRuleException(string message) : Exception(message);

/// <summary>The current tenant's alert rules: add (validated), list with what they watch, switch on or off, remove.</summary>
public sealed class AlertRules(IDbContextFactory<ShelfCloudDbContext> dbFactory, TimeProvider clock)
{
    /// <exception cref="AlertRuleException">No name, no condition, a condition of the other kind, or a store, shelf or SKU that is not the tenant's.</exception>
    public async Task<Guid> AddAsync(AlertRuleInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (string.IsNullOrWhiteSpace(input.Name))
            throw new AlertRuleException("A rule needs a name.");
        if (input.Kind == AlertRuleKind.OutOfStock && (input.AvailabilityBelow is not null || input.MinCaptures is < 1 || input.MinMinutes is < 1))
            throw new AlertRuleException("An out-of-stock rule takes captures (at least 1) and/or minutes (at least 1), not an availability.");
        if (input.Kind == AlertRuleKind.Availability && (input.AvailabilityBelow is not (> 0 and <= 1) || input.MinCaptures is not null || input.MinMinutes is not null || input.SkuId is not null))
            throw new AlertRuleException("An availability rule takes a share between 0 and 1 (e.g. 0.8 for 80 %) and no SKU, captures or minutes.");
        if (input.StoreId is { } store && !await db.Stores.AnyAsync(s => s.Id == store, ct))
            throw new AlertRuleException("That store does not exist.");
        if (input.ShelfId is { } shelf && !await db.Shelves.AnyAsync(s => s.Id == shelf, ct))
            throw new AlertRuleException("That shelf does not exist.");
        if (input.SkuId is { } sku && !await db.Skus.AnyAsync(s => s.Id == sku, ct))
            throw new AlertRuleException("That SKU does not exist.");
        var rule = new AlertRule
        {
            Name = input.Name.Trim(), Kind = input.Kind, Severity = input.Severity, StoreId = input.StoreId, ShelfId = input.ShelfId, SkuId = input.SkuId,
            MinCaptures = input.MinCaptures, MinMinutes = input.MinMinutes, AvailabilityBelow = input.AvailabilityBelow, CreatedAt = clock.GetUtcNow(),
        };
        db.AlertRules.Add(rule);
        await db.SaveChangesAsync(ct);
        return rule.Id;
    }

    public async Task<IReadOnlyList<AlertRuleView>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rules = await db.AlertRules.AsNoTracking().OrderBy(r => r.CreatedAt).ToListAsync(ct);
        var fired = await db.AlertRuleFirings.AsNoTracking().GroupBy(f => f.RuleId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var stores = await db.Stores.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var shelves = await db.Shelves.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var skuIds = rules.Select(r => r.SkuId).OfType<Guid>().ToList();
        var skus = await db.Skus.AsNoTracking().Where(s => skuIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        return rules.Select(r => new AlertRuleView(r, Scope(r, stores, shelves, skus), Condition(r), fired.GetValueOrDefault(r.Id))).ToList();
    }

    public async Task<bool> SetEnabledAsync(Guid id, bool enabled, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AlertRules.Where(r => r.Id == id).ExecuteUpdateAsync(u => u.SetProperty(r => r.Enabled, enabled), ct) == 1;
    }

    public async Task<bool> RemoveAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.AlertRuleFirings.Where(f => f.RuleId == id).ExecuteDeleteAsync(ct);
        return await db.AlertRules.Where(r => r.Id == id).ExecuteDeleteAsync(ct) == 1;
    }

    private static string Scope(AlertRule r, Dictionary<Guid, string> stores, Dictionary<Guid, string> shelves, Dictionary<Guid, string> skus) =>
        string.Join(" · ", new[]
        {
            r.SkuId is { } sku ? skus.GetValueOrDefault(sku, "(removed SKU)") : null,
            r.ShelfId is { } shelf ? shelves.GetValueOrDefault(shelf, "(removed shelf)") : null,
            r.StoreId is { } store ? stores.GetValueOrDefault(store, "(removed store)") : null,
        }.OfType<string>().DefaultIfEmpty("everything"));

    private static string Condition(AlertRule r) => r.Kind == AlertRuleKind.Availability
        ? $"availability below {r.AvailabilityBelow:P0}"
        : string.Join(" and ", new[]
        {
            r.MinCaptures is { } captures ? $"missing in {captures}+ captures" : null,
            r.MinMinutes is { } minutes ? $"missing {minutes}+ min" : null,
        }.OfType<string>().DefaultIfEmpty("out of stock"));
}
