using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Domain.Tenancy;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Identity;
using ShelfCloud.Infrastructure.Onboarding;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Infrastructure.Demo;

public sealed record DemoSignIn(string Email, string Role);

public sealed record DemoSeedResult(bool Created, IReadOnlyList<DemoSignIn> SignIns, IReadOnlyList<(string Camera, string ApiKey)> CameraKeys);

/// <summary>
/// The demo tenant (slug <c>demo</c>): two stores with shelves and cameras and one user per role, so a newcomer
/// can sign in at once. Idempotent; never run in Production.
/// </summary>
public sealed class DemoSeeder(
    TenantProvisioning tenants, TenantScopeFactory tenantScopes, UserManager<ApplicationUser> users, TimeProvider clock)
{
    public const string Slug = "demo";
    public const string Password = "Demo!2345";
    public const string PlatformAdminEmail = "platform@shelfcloud.test";
    public const string SupplierBrand = "Nordkind";

    private static readonly (string Store, string Address, string[] Shelves)[] Layout =
    [
        ("Riverside Market", "12 River Street", ["Dairy A1", "Drinks A2", "Snacks A3"]),
        ("Hilltop Superstore", "3 Hill Road", ["Dairy B1", "Drinks B2"]),
    ];

    private static readonly (string Local, string Role)[] TenantUsers =
    [
        ("admin", Roles.TenantAdmin), ("manager", Roles.StoreManager), ("annotator", Roles.Annotator), ("supplier", Roles.Supplier),
    ];

    public static IReadOnlyList<DemoSignIn> SignIns { get; } =
        [new(PlatformAdminEmail, Roles.PlatformAdmin), .. TenantUsers.Select(u => new DemoSignIn($"{u.Local}@demo.shelfcloud.test", u.Role))];

    public async Task<DemoSeedResult> SeedAsync(CancellationToken ct = default)
    {
        await EnsurePlatformAdminAsync();
        var tenant = await tenants.FindBySlugAsync(Slug, ct);
        if (tenant is not null)
            return new DemoSeedResult(false, SignIns, []);

        tenant = await tenants.CreateAsync(Slug, "Demo Retail", ct);
        await using var scope = tenantScopes.CreateScope(tenant.Id, "demo-seed");
        var keys = await SeedLayoutAsync(scope.ServiceProvider, ct);
        var tenantUsers = scope.ServiceProvider.GetRequiredService<TenantUsers>();
        foreach (var (local, role) in TenantUsers)
        {
            await tenantUsers.CreateAsync(new NewTenantUser(
                $"{local}@demo.shelfcloud.test", $"Demo {role}", Password, role,
                role == Roles.Supplier ? [SupplierBrand] : null), ct);
        }
        return new DemoSeedResult(true, SignIns, keys);
    }

    private static async Task<IReadOnlyList<(string, string)>> SeedLayoutAsync(IServiceProvider services, CancellationToken ct)
    {
        var stores = services.GetRequiredService<StoreOnboarding>();
        var shelves = services.GetRequiredService<ShelfOnboarding>();
        var cameras = services.GetRequiredService<CameraOnboarding>();
        var keys = new List<(string, string)>();
        foreach (var (storeName, address, shelfNames) in Layout)
        {
            var storeId = await stores.CreateAsync(new StoreInput(storeName, address), ct);
            foreach (var shelfName in shelfNames)
            {
                var category = shelfName.Split(' ')[0];
                var shelfId = await shelves.CreateAsync(new ShelfInput(storeId, shelfName, shelfName.Split(' ')[1], category), ct);
                var cameraName = $"cam-{shelfName.Replace(' ', '-').ToLowerInvariant()}";
                var issued = await cameras.CreateAsync(new CameraInput(shelfId, cameraName), ct);
                keys.Add(($"{storeName} / {shelfName} / {cameraName}", issued.ApiKey));
            }
        }
        return keys;
    }

    private async Task EnsurePlatformAdminAsync()
    {
        if (await users.Users.AnyAsync(u => u.Email == PlatformAdminEmail))
            return;
        var admin = new ApplicationUser
        {
            UserName = PlatformAdminEmail, Email = PlatformAdminEmail, EmailConfirmed = true,
            DisplayName = "Platform admin", CreatedAt = clock.GetUtcNow(),
        };
        var created = await users.CreateAsync(admin, Password);
        if (!created.Succeeded)
            throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(admin, Roles.PlatformAdmin);
    }
}
