using ShelfCloud.Domain.Tenancy;

namespace ShelfCloud.Domain.Availability;

public enum OutOfStockKind
{
    /// <summary>A SKU of the shelf's realgram is no longer seen.</summary>
    MissingSku,

    /// <summary>An empty facing between products.</summary>
    EmptyFacing,
}

/// <summary>A period during which a product was missing from a shelf.</summary>
public sealed class OutOfStockEvent : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public Guid StoreId { get; set; }
    public Guid ShelfId { get; set; }
    public Guid? SkuId { get; set; }
    public OutOfStockKind Kind { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? ClearedAt { get; set; }
    public int ConsecutiveCaptures { get; set; }
}
