using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ShelfCloud.Domain.Audit;
using ShelfCloud.Domain.Tenancy;
using ShelfCloud.Infrastructure.Audit;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Onboarding;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Infrastructure.Identity;

public sealed record TenantUserSummary(
    string Id, string Email, string DisplayName, IReadOnlyList<string> Roles, bool IsLockedOut, IReadOnlyList<string> SupplierScopes);

public sealed record NewTenantUser(string? Email, string? DisplayName, string? Password, string? Role, IReadOnlyList<string>? SupplierBrands = null);

/// <summary>
/// Users of the current tenant. Identity's user table has no tenant query filter (sign-in must find a user
/// before any tenant is known), so this service is the one place that scopes users to the tenant.
/// </summary>
public sealed class TenantUsers(
    UserManager<ApplicationUser> users, IDbContextFactory<ShelfCloudDbContext> dbFactory, ITenantContext tenant,
    AuditLog audit, TimeProvider clock)
{
    private Guid CurrentTenant => tenant.TenantId ?? throw new TenantAccessViolationException("No tenant is selected.");

    public async Task<IReadOnlyList<TenantUserSummary>> ListAsync(CancellationToken ct = default)
    {
        var tenantId = CurrentTenant;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Users.Where(u => u.TenantId == tenantId).OrderBy(u => u.Email)
            .Select(u => new
            {
                u.Id, u.Email, u.DisplayName, u.LockoutEnd,
                Roles = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToList(),
                Scopes = db.SupplierScopes.Where(s => s.UserId == u.Id).Select(s => s.Value).ToList(),
            })
            .ToListAsync(ct);
        var now = clock.GetUtcNow();
        return rows.Select(r => new TenantUserSummary(r.Id, r.Email ?? "", r.DisplayName, r.Roles, r.LockoutEnd > now, r.Scopes)).ToList();
    }

    public async Task<string> CreateAsync(NewTenantUser input, CancellationToken ct = default)
    {
        var tenantId = CurrentTenant;
        var email = InputRules.RequiredName(input.Email, "Email", 256);
        var role = RequireTenantRole(input.Role);
        var user = new ApplicationUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = InputRules.Optional(input.DisplayName, "Display name", 200) ?? email,
            TenantId = tenantId,
            CreatedAt = clock.GetUtcNow(),
        };
        ThrowOnFailure(await users.CreateAsync(user, input.Password ?? ""));
        try
        {
            ThrowOnFailure(await users.AddToRoleAsync(user, role));
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            if (role == Roles.Supplier)
                AddScopes(db, user.Id, input.SupplierBrands ?? []);
            audit.Record(db, AuditActions.UserCreated, $"{email} as {role}");
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            await users.DeleteAsync(user); // leave no half-made user behind
            throw;
        }
        return user.Id;
    }

    public async Task SetRoleAsync(string userId, string? role, CancellationToken ct = default)
    {
        var newRole = RequireTenantRole(role);
        var user = await FindInTenantAsync(userId);
        var current = await users.GetRolesAsync(user);
        ThrowOnFailure(await users.RemoveFromRolesAsync(user, current));
        ThrowOnFailure(await users.AddToRoleAsync(user, newRole));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        audit.Record(db, AuditActions.UserRolesChanged, $"{user.Email}: {string.Join(",", current)} → {newRole}");
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Replaces a supplier's brands: the only figures that supplier will see.</summary>
    public async Task SetSupplierBrandsAsync(string userId, IReadOnlyList<string> brands, CancellationToken ct = default)
    {
        var user = await FindInTenantAsync(userId);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.SupplierScopes.RemoveRange(await db.SupplierScopes.Where(s => s.UserId == user.Id).ToListAsync(ct));
        AddScopes(db, user.Id, brands);
        await db.SaveChangesAsync(ct);
    }

    public async Task DeleteAsync(string userId, string actingUserId, CancellationToken ct = default)
    {
        if (userId == actingUserId)
            throw new OnboardingException("You cannot delete your own account.");
        var user = await FindInTenantAsync(userId);
        ThrowOnFailure(await users.DeleteAsync(user));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        audit.Record(db, AuditActions.UserDeleted, user.Email ?? user.Id);
        await db.SaveChangesAsync(ct);
    }

    private async Task<ApplicationUser> FindInTenantAsync(string userId)
    {
        var user = await users.FindByIdAsync(userId);
        return user is not null && user.TenantId == CurrentTenant ? user : throw new NotFoundInTenantException("User");
    }

    private static void AddScopes(ShelfCloudDbContext db, string userId, IEnumerable<string> brands)
    {
        foreach (var brand in brands.Select(b => b.Trim()).Where(b => b.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase))
            db.SupplierScopes.Add(new SupplierScope { UserId = userId, Kind = SupplierScopeKind.Brand, Value = brand });
    }

    private static string RequireTenantRole(string? role) =>
        Roles.TenantRoles.FirstOrDefault(r => r == role) ?? throw new OnboardingException($"Role must be one of {string.Join(", ", Roles.TenantRoles)}.");

    private static void ThrowOnFailure(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new OnboardingException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
