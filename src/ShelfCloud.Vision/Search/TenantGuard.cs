namespace ShelfCloud.Vision.Search;

/// <summary>The one check every vector index applies: no read or write without a tenant.</summary>
public static class TenantGuard
{
    /// <summary>Returns <paramref name="tenantId"/>, or throws when it is <see cref="Guid.Empty"/>.</summary>
    /// <exception cref="ArgumentException">The tenant id is empty.</exception>
    public static Guid Require(Guid tenantId, string parameterName = "tenantId")
    {
        if (tenantId == Guid.Empty)
        {
            throw new ArgumentException("A vector index operation needs a tenant: Guid.Empty is refused.", parameterName);
        }

        return tenantId;
    }
}
