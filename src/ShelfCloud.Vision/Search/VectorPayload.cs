namespace ShelfCloud.Vision.Search;

/// <summary>What a stored vector says about the crop it was computed from.</summary>
/// <param name="TenantId">The owning tenant; mandatory.</param>
/// <param name="SkuId">The SKU the crop shows.</param>
/// <param name="StoreId">The store the crop was taken in; null for tenant-wide references.</param>
/// <param name="Category">The SKU's category, matched exactly (case-sensitive) by filters.</param>
/// <param name="Source">Reference image or confirmed annotation.</param>
public sealed record VectorPayload(Guid TenantId, Guid SkuId, Guid? StoreId, string? Category, VectorSource Source)
{
    private readonly Guid _tenantId = TenantGuard.Require(TenantId, nameof(TenantId));

    /// <summary>The owning tenant; <see cref="Guid.Empty"/> is refused, also through <c>with</c>.</summary>
    public Guid TenantId
    {
        get => _tenantId;
        init => _tenantId = TenantGuard.Require(value, nameof(TenantId));
    }
}
