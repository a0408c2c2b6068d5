using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Domain.Audit;
using ShelfCloud.Domain.Tenancy;
using ShelfCloud.Infrastructure.Audit;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Infrastructure.Onboarding;

public sealed record TenantSummary(Guid Id, string Slug, string Name, DateTimeOffset CreatedAt, int StoreCount, int UserCount);

/// <summary>Platform-level: the list of tenants and the creation of new ones. Only platform admins reach it.</summary>
public sealed class TenantProvisioning(
    IDbContextFactory<ShelfCloudDbContext> dbFactory, TenantScopeFactory tenantScopes, CurrentActor actor, TimeProvider clock)
{
    public async Task<IReadOnlyList<TenantSummary>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Platform view across tenants: the one place that deliberately lifts the tenant filter.
        var allStores = db.Stores.IgnoreQueryFilters([ShelfCloudDbContext.TenantFilter]);
        return await db.Tenants.OrderBy(t => t.Name)
            .Select(t => new TenantSummary(t.Id, t.Slug, t.Name, t.CreatedAt,
                allStores.Count(s => s.TenantId == t.Id),
                db.Users.Count(u => u.TenantId == t.Id)))
            .ToListAsync(ct);
    }

    public async Task<Tenant?> FindBySlugAsync(string slug, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Slug == slug, ct);
    }

    public async Task<Tenant> CreateAsync(string? slug, string? name, CancellationToken ct = default)
    {
        slug = slug?.Trim().ToLowerInvariant();
        if (!TenantSlug.IsValid(slug))
            throw new OnboardingException($"Slug '{slug}' is not valid: {TenantSlug.Rule}.");
        var displayName = InputRules.RequiredName(name, "Tenant name");
        var tenant = new Tenant { Slug = slug!, Name = displayName, CreatedAt = clock.GetUtcNow() };

        await using var scope = tenantScopes.CreateScope(tenant.Id, actor.UserName, actor.UserId);
        var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
        if (await db.Tenants.AnyAsync(t => t.Slug == tenant.Slug, ct))
            throw new OnboardingException($"A tenant with slug '{tenant.Slug}' already exists.");
        db.Tenants.Add(tenant);
        scope.ServiceProvider.GetRequiredService<AuditLog>().Record(db, AuditActions.TenantCreated, $"{tenant.Slug}: {tenant.Name}");
        await db.SaveChangesAsync(ct);
        return tenant;
    }
}
