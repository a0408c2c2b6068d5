using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Domain.Audit;
using ShelfCloud.Infrastructure.Audit;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Infrastructure.Onboarding;

/// <summary>
/// A platform admin works inside a tenant only after choosing it here; the choice is recorded in that
/// tenant's audit log. Tenant users cannot switch.
/// </summary>
public sealed class TenantSwitcher(IDbContextFactory<ShelfCloudDbContext> dbFactory, TenantScopeFactory tenantScopes)
{
    public async Task EnterAsync(string platformAdminUserId, Guid? tenantId, CancellationToken ct = default)
    {
        if (tenantId is not { } target)
        {
            // Users are not tenant-owned rows, so leaving needs no tenant scope.
            await using var plainDb = await dbFactory.CreateDbContextAsync(ct);
            var self = await FindPlatformAdminAsync(plainDb, platformAdminUserId, ct);
            self.ActingTenantId = null;
            await plainDb.SaveChangesAsync(ct);
            return;
        }

        await using var scope = tenantScopes.CreateScope(target);
        var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
        var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.Id == target, ct) ?? throw new NotFoundInTenantException("Tenant");
        var user = await FindPlatformAdminAsync(db, platformAdminUserId, ct);
        user.ActingTenantId = tenant.Id;
        scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(user.Id, user.Email ?? user.UserName ?? user.Id);
        scope.ServiceProvider.GetRequiredService<AuditLog>().Record(db, AuditActions.TenantEntered, $"platform admin {user.Email} entered {tenant.Slug}");
        await db.SaveChangesAsync(ct);
    }

    private static async Task<ApplicationUser> FindPlatformAdminAsync(ShelfCloudDbContext db, string userId, CancellationToken ct)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, ct) ?? throw new NotFoundInTenantException("User");
        if (user.TenantId is not null)
            throw new OnboardingException("Only platform admins can choose a tenant.");
        return user;
    }
}
