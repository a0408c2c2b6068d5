using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Domain.Onboarding;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Infrastructure.Tests.Tenancy;

public sealed class TenantWriteGuardTests(TwoTenants tenants) : IClassFixture<TwoTenants>
{
    [Fact]
    public async Task Adding_a_row_for_another_tenant_is_refused()
    {
        await using var scope = tenants.Database.InTenant(tenants.A.TenantId);
        var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
        db.Stores.Add(new Store { TenantId = tenants.B.TenantId, Name = "Planted in B" });
        await Should.ThrowAsync<TenantAccessViolationException>(() => db.SaveChangesAsync());
        await using var asB = tenants.Database.InTenant(tenants.B.TenantId);
        (await asB.ServiceProvider.GetRequiredService<ShelfCloudDbContext>().Stores.AnyAsync(s => s.Name == "Planted in B")).ShouldBeFalse();
    }

    [Fact]
    public async Task Modifying_another_tenants_row_attached_by_hand_is_refused()
    {
        Store bStore;
        await using (var asB = tenants.Database.InTenant(tenants.B.TenantId))
            bStore = await asB.ServiceProvider.GetRequiredService<ShelfCloudDbContext>().Stores.AsNoTracking().SingleAsync(s => s.Id == tenants.B.StoreId);

        await using var scope = tenants.Database.InTenant(tenants.A.TenantId);
        var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
        db.Stores.Attach(bStore);
        bStore.Name = "Renamed by A";
        await Should.ThrowAsync<TenantAccessViolationException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task Moving_a_row_to_another_tenant_is_refused()
    {
        await using var scope = tenants.Database.InTenant(tenants.A.TenantId);
        var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
        var store = await db.Stores.SingleAsync(s => s.Id == tenants.A.StoreId);
        store.TenantId = tenants.B.TenantId;
        await Should.ThrowAsync<TenantAccessViolationException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task Writing_without_a_tenant_is_refused()
    {
        await using var scope = tenants.Database.WithoutTenant();
        var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
        db.Stores.Add(new Store { Name = "Nobody's" });
        await Should.ThrowAsync<TenantAccessViolationException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task New_rows_take_the_current_tenant()
    {
        await using var scope = tenants.Database.InTenant(tenants.A.TenantId);
        var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
        var store = new Store { Name = "Stamped " + Guid.NewGuid() };
        db.Stores.Add(store);
        await db.SaveChangesAsync();
        store.TenantId.ShouldBe(tenants.A.TenantId);
    }

    [Fact]
    public void A_scope_cannot_switch_tenant_once_chosen()
    {
        var context = new TenantContext();
        context.Enter(tenants.A.TenantId);
        Should.Throw<InvalidOperationException>(() => context.Enter(tenants.B.TenantId));
    }
}
