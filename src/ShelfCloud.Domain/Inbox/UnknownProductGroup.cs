using ShelfCloud.Domain.Tenancy;

namespace ShelfCloud.Domain.Inbox;

public enum UnknownGroupStatus
{
    /// <summary>Waiting in the inbox.</summary>
    Open,

    /// <summary>Named as a new SKU of the catalog.</summary>
    Named,

    /// <summary>Found to be an existing SKU the recognition did not know well enough.</summary>
    Assigned,

    /// <summary>Not a product (a price label, a shopper's hand…).</summary>
    Dismissed,
}

/// <summary>
/// Crops the recognition answered "unknown" that look alike (<see cref="UnknownProductClusterer"/>): one product the
/// catalog does not have, most likely, waiting for a tenant admin to name it, assign it or dismiss it.
/// </summary>
public sealed class UnknownProductGroup : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }

    /// <summary>The mean look of its crops (<see cref="Recognition.Int8Vector"/>).</summary>
    public string Centroid { get; set; } = "";

    /// <summary>Crops assigned to it so far.</summary>
    public int Members { get; set; }

    public DateTimeOffset FirstSeenAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
    public UnknownGroupStatus Status { get; set; }

    /// <summary>The SKU it was named as or assigned to.</summary>
    public Guid? SkuId { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecidedBy { get; set; }
}
