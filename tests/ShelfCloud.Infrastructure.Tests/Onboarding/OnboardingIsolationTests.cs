using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Identity;
using ShelfCloud.Infrastructure.Onboarding;

namespace ShelfCloud.Infrastructure.Tests.Onboarding;

/// <summary>Every onboarding service used as tenant A: B's rows are neither returned nor changed, even by guessed ids.</summary>
public sealed class OnboardingIsolationTests(TwoTenants tenants) : IClassFixture<TwoTenants>
{
    private AsyncServiceScope AsA() => tenants.Database.InTenant(tenants.A.TenantId);

    [Fact]
    public async Task Lists_return_only_tenant_A()
    {
        await using var scope = AsA();
        var sp = scope.ServiceProvider;
        (await sp.GetRequiredService<StoreOnboarding>().ListAsync()).ShouldAllBe(s => s.Name.StartsWith("Tenant A") || !s.Name.StartsWith("Tenant B"));
        (await sp.GetRequiredService<StoreOnboarding>().ListAsync()).ShouldNotContain(s => s.Id == tenants.B.StoreId);
        (await sp.GetRequiredService<ShelfOnboarding>().ListAsync()).ShouldNotContain(s => s.Id == tenants.B.ShelfId);
        (await sp.GetRequiredService<CameraOnboarding>().ListAsync()).ShouldNotContain(c => c.Id == tenants.B.CameraId);
        (await sp.GetRequiredService<TenantUsers>().ListAsync()).ShouldNotContain(u => u.Id == tenants.B.SupplierUserId);
        (await sp.GetRequiredService<TenantUsers>().ListAsync()).ShouldContain(u => u.Id == tenants.A.SupplierUserId);
    }

    [Fact]
    public async Task Filtering_by_tenant_Bs_ids_returns_nothing()
    {
        await using var scope = AsA();
        (await scope.ServiceProvider.GetRequiredService<ShelfOnboarding>().ListAsync(tenants.B.StoreId)).ShouldBeEmpty();
        (await scope.ServiceProvider.GetRequiredService<CameraOnboarding>().ListAsync(tenants.B.ShelfId)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Reading_tenant_Bs_rows_by_id_is_not_found()
    {
        await using var scope = AsA();
        var sp = scope.ServiceProvider;
        await Should.ThrowAsync<NotFoundInTenantException>(() => sp.GetRequiredService<StoreOnboarding>().GetAsync(tenants.B.StoreId));
        await Should.ThrowAsync<NotFoundInTenantException>(() => sp.GetRequiredService<ShelfOnboarding>().GetAsync(tenants.B.ShelfId));
        await Should.ThrowAsync<NotFoundInTenantException>(() => sp.GetRequiredService<CameraOnboarding>().GetAsync(tenants.B.CameraId));
    }

    [Fact]
    public async Task Changing_tenant_Bs_rows_by_id_is_not_found_and_changes_nothing()
    {
        await using (var scope = AsA())
        {
            var sp = scope.ServiceProvider;
            await Should.ThrowAsync<NotFoundInTenantException>(() => sp.GetRequiredService<StoreOnboarding>().UpdateAsync(tenants.B.StoreId, new StoreInput("Hijacked")));
            await Should.ThrowAsync<NotFoundInTenantException>(() => sp.GetRequiredService<StoreOnboarding>().DeleteAsync(tenants.B.StoreId));
            await Should.ThrowAsync<NotFoundInTenantException>(() => sp.GetRequiredService<ShelfOnboarding>().CreateAsync(new ShelfInput(tenants.B.StoreId, "Planted")));
            await Should.ThrowAsync<NotFoundInTenantException>(() => sp.GetRequiredService<ShelfOnboarding>().DeleteAsync(tenants.B.ShelfId));
            await Should.ThrowAsync<NotFoundInTenantException>(() => sp.GetRequiredService<CameraOnboarding>().CreateAsync(new CameraInput(tenants.B.ShelfId, "Planted")));
            await Should.ThrowAsync<NotFoundInTenantException>(() => sp.GetRequiredService<CameraOnboarding>().RegenerateKeyAsync(tenants.B.CameraId));
            await Should.ThrowAsync<NotFoundInTenantException>(() => sp.GetRequiredService<CameraOnboarding>().DeleteAsync(tenants.B.CameraId));
            await Should.ThrowAsync<NotFoundInTenantException>(() => sp.GetRequiredService<TenantUsers>().SetRoleAsync(tenants.B.SupplierUserId, "TenantAdmin"));
            await Should.ThrowAsync<NotFoundInTenantException>(() => sp.GetRequiredService<TenantUsers>().SetSupplierBrandsAsync(tenants.B.SupplierUserId, ["Stolen"]));
            await Should.ThrowAsync<NotFoundInTenantException>(() => sp.GetRequiredService<TenantUsers>().DeleteAsync(tenants.B.SupplierUserId, "someone"));
        }

        await using var asB = tenants.Database.InTenant(tenants.B.TenantId);
        var b = asB.ServiceProvider;
        (await b.GetRequiredService<StoreOnboarding>().GetAsync(tenants.B.StoreId)).Name.ShouldBe("Tenant B Store");
        (await b.GetRequiredService<ShelfOnboarding>().ListAsync(tenants.B.StoreId)).Select(s => s.Name).ShouldBe(["Dairy 1"]);
        (await b.GetRequiredService<CameraKeyResolver>().ResolveAsync(tenants.B.CameraKey))!.CameraId.ShouldBe(tenants.B.CameraId);
        var bUsers = await b.GetRequiredService<TenantUsers>().ListAsync();
        bUsers.Single(u => u.Id == tenants.B.SupplierUserId).Roles.ShouldBe(["Supplier"]);
        bUsers.Single(u => u.Id == tenants.B.SupplierUserId).SupplierScopes.ShouldBe(["Brand tenant-b"]);
    }

    [Fact]
    public async Task Camera_key_names_its_own_tenant()
    {
        await using var scope = tenants.Database.WithoutTenant();
        var resolver = scope.ServiceProvider.GetRequiredService<CameraKeyResolver>();
        (await resolver.ResolveAsync(tenants.A.CameraKey))!.TenantId.ShouldBe(tenants.A.TenantId);
        (await resolver.ResolveAsync(tenants.B.CameraKey))!.TenantId.ShouldBe(tenants.B.TenantId);
    }

    [Fact]
    public async Task Audit_entries_stay_in_their_tenant()
    {
        await using var scope = AsA();
        var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
        var details = await db.AuditEntries.Select(a => a.Detail).ToListAsync();
        details.ShouldContain(d => d.Contains("Tenant A"));
        details.ShouldNotContain(d => d.Contains("Tenant B"));
    }
}
