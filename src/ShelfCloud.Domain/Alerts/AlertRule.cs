using ShelfCloud.Domain.Availability;
using ShelfCloud.Domain.Tenancy;

namespace ShelfCloud.Domain.Alerts;

public enum AlertRuleKind
{
    /// <summary>A product (of a SKU, a shelf or a store) missing for at least N captures or M minutes.</summary>
    OutOfStock,

    /// <summary>A shelf's latest availability below a share.</summary>
    Availability,
}

/// <summary>
/// A tenant's alert rule: what to watch (a SKU, a shelf, a store, or everything) and when it is worth telling people.
/// A rule fires once per out-of-stock event, or once per shelf and day for availability; its alerts go to the
/// notification centre, to the mail subscriptions of its store and severity and to the webhooks of <c>alert_rule</c>.
/// </summary>
public sealed class AlertRule : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public string Name { get; set; } = "";
    public AlertRuleKind Kind { get; set; }
    public Guid? StoreId { get; set; }
    public Guid? ShelfId { get; set; }
    public Guid? SkuId { get; set; }

    /// <summary>Out of stock: captures in a row without the product (null: any).</summary>
    public int? MinCaptures { get; set; }

    /// <summary>Out of stock: minutes missing (null: any).</summary>
    public int? MinMinutes { get; set; }

    /// <summary>Availability: fires below this share (0..1).</summary>
    public double? AvailabilityBelow { get; set; }

    public AlertSeverity Severity { get; set; } = AlertSeverity.Warning;
    public bool Enabled { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Whether an out-of-stock event is one this rule alerts on at <paramref name="now"/>.</summary>
    public bool FiresOn(OutOfStockEvent e, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(e);
        return Enabled && Kind == AlertRuleKind.OutOfStock && e.ClearedAt is null && InScope(e.StoreId, e.ShelfId)
            && (SkuId is null || SkuId == e.SkuId)
            && (MinCaptures is not { } captures || e.ConsecutiveCaptures >= captures)
            && (MinMinutes is not { } minutes || now - e.StartedAt >= TimeSpan.FromMinutes(minutes));
    }

    /// <summary>Whether a shelf's availability is one this rule alerts on.</summary>
    public bool FiresOn(Guid storeId, Guid shelfId, double availability) =>
        Enabled && Kind == AlertRuleKind.Availability && InScope(storeId, shelfId) && availability < AvailabilityBelow;

    private bool InScope(Guid storeId, Guid shelfId) => (StoreId is null || StoreId == storeId) && (ShelfId is null || ShelfId == shelfId);
}

/// <summary>That a rule fired for one thing (an event, a shelf's day): a rule fires once per key.</summary>
public sealed class AlertRuleFiring : ITenantOwned
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid RuleId { get; set; }
    public string Key { get; set; } = "";
    public DateTimeOffset FiredAt { get; set; }
}
