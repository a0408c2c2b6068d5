using Microsoft.EntityFrameworkCore;
using ShelfCloud.Domain.Tenancy;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Infrastructure.Share;

/// <summary>
/// Decides the current viewer's <see cref="ShareVisibility"/> from the database — roles and supplier scopes of the
/// signed-in user of this scope — never from anything the request says. Only tenant admins, store managers and platform
/// admins inside the tenant see every brand; any other signed-in user sees its scopes only (none: everything is Others).
/// </summary>
public sealed class ShareAudience(IDbContextFactory<ShelfCloudDbContext> dbFactory, CurrentActor actor)
{
    private static readonly string[] SeeEverything = [Roles.TenantAdmin, Roles.StoreManager, Roles.PlatformAdmin];

    /// <summary>The visibility of the scope's user; everything for system callers (no user).</summary>
    public async Task<ShareVisibility> ResolveAsync(CancellationToken ct = default)
    {
        if (actor.UserId is not { } userId)
            return ShareVisibility.Everything;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var roles = await db.UserRoles.Where(ur => ur.UserId == userId)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name)
            .ToListAsync(ct);
        if (roles.Any(r => r is not null && SeeEverything.Contains(r)))
            return ShareVisibility.Everything;
        var scopes = await db.SupplierScopes.AsNoTracking().Where(s => s.UserId == userId).Select(s => new { s.Kind, s.Value }).ToListAsync(ct);
        return ShareVisibility.Supplier(
            scopes.Where(s => s.Kind == SupplierScopeKind.Brand).Select(s => s.Value),
            scopes.Where(s => s.Kind == SupplierScopeKind.Manufacturer).Select(s => s.Value));
    }
}
