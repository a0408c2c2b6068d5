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
    // Runs on every upload: compiled once, so no request pays for translating the expression tree again.
    private static readonly string[] LiftedFilters = [ShelfCloudDbContext.TenantFilter];

    private static readonly Func<ShelfCloudDbContext, string, CancellationToken, Task<CameraIdentity?>> ByKeyHash =
        EF.CompileAsyncQuery((ShelfCloudDbContext db, string hash, CancellationToken ct) =>
            db.Cameras.IgnoreQueryFilters(LiftedFilters)
                .Where(c => c.ApiKeyHash == hash && !c.IsRevoked)
                .Select(c => new CameraIdentity(c.Id, c.TenantId, c.ShelfId, c.Shelf!.StoreId, c.Name))
                .SingleOrDefault());

    public async Task<CameraIdentity?> ResolveAsync(string? rawKey, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(rawKey) || !rawKey.StartsWith(CameraApiKey.Prefix, StringComparison.Ordinal) || rawKey.Length > 128)
            return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ByKeyHash(db, CameraApiKey.Hash(rawKey), ct);
    }
}
