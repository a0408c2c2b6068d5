namespace ShelfCloud.Vision.Search;

/// <summary>
/// Which stored vectors a query or a delete may touch. The tenant is mandatory (a filter for
/// <see cref="Guid.Empty"/> cannot be built); every other field narrows further when set.
/// </summary>
/// <param name="TenantId">The tenant whose vectors are searched; <see cref="Guid.Empty"/> throws.</param>
public sealed record VectorFilter(Guid TenantId)
{
    private readonly Guid _tenantId = TenantGuard.Require(TenantId, nameof(TenantId));

    /// <summary>The tenant whose vectors are searched; <see cref="Guid.Empty"/> is refused, also through <c>with</c>.</summary>
    public Guid TenantId
    {
        get => _tenantId;
        init => _tenantId = TenantGuard.Require(value, nameof(TenantId));
    }

    /// <summary>Only vectors of this store; points without a store do not match.</summary>
    public Guid? StoreId { get; init; }

    /// <summary>Only vectors whose category equals this value exactly.</summary>
    public string? Category { get; init; }

    /// <summary>Only vectors of this SKU.</summary>
    public Guid? SkuId { get; init; }

    /// <summary>Only reference or only annotation vectors.</summary>
    public VectorSource? Source { get; init; }

    /// <summary>True when the filter narrows by anything beyond the tenant.</summary>
    public bool HasPayloadConditions => StoreId is not null || Category is not null || SkuId is not null || Source is not null;

    /// <summary>True when a point with <paramref name="payload"/> passes this filter.</summary>
    public bool Matches(VectorPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return payload.TenantId == TenantId
            && (StoreId is null || payload.StoreId == StoreId)
            && (Category is null || string.Equals(payload.Category, Category, StringComparison.Ordinal))
            && (SkuId is null || payload.SkuId == SkuId)
            && (Source is null || payload.Source == Source);
    }
}
