using Microsoft.EntityFrameworkCore;
using ShelfCloud.Infrastructure.Data;

namespace ShelfCloud.Infrastructure.Onboarding;

/// <summary>The camera a presented key belongs to, and so the tenant its upload works in.</summary>
public sealed record CameraIdentity(Guid CameraId, Guid TenantId, Guid ShelfId, Guid StoreId, string Name);

/// <summary>
/// Resolves a raw camera key by its hash. Runs before any tenant is known (the key is what names the tenant),
/// so it is one of the few queries that lift the tenant filter.
/// </summary>
public sealed class CameraKeyResolver(IDbContextFactory<ShelfCloudDbContext> dbFactory)
{
    public async Task<CameraIdentity?> ResolveAsync(string? rawKey, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(rawKey) || !rawKey.StartsWith(CameraApiKey.Prefix, StringComparison.Ordinal) || rawKey.Length > 128)
            return null;
        var hash = CameraApiKey.Hash(rawKey);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Cameras.IgnoreQueryFilters([ShelfCloudDbContext.TenantFilter])
            .Where(c => c.ApiKeyHash == hash && !c.IsRevoked)
            .Select(c => new CameraIdentity(c.Id, c.TenantId, c.ShelfId, c.Shelf!.StoreId, c.Name))
            .SingleOrDefaultAsync(ct);
    }
}
