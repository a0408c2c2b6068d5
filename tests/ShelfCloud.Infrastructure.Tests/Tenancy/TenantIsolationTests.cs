using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Domain.Tenancy;
using ShelfCloud.Infrastructure.Data;

namespace ShelfCloud.Infrastructure.Tests.Tenancy;

/// <summary>Reads through the DbContext as tenant A never see tenant B's rows, for every tenant-owned entity type.</summary>
public sealed class TenantIsolationTests(TwoTenants tenants) : IClassFixture<TwoTenants>
{
    public static TheoryData<string> TenantOwnedEntityTypes()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);
        var data = new TheoryData<string>();
        foreach (var type in db.Model.GetEntityTypes().Where(e => !e.IsOwned() && typeof(ITenantOwned).IsAssignableFrom(e.ClrType)))
            data.Add(type.ClrType.FullName!);
        return data;
    }

    [Theory]
    [MemberData(nameof(TenantOwnedEntityTypes))]
    public async Task Query_as_tenant_A_returns_only_tenant_A_rows(string entityTypeName)
    {
        await using var scope = tenants.Database.InTenant(tenants.A.TenantId);
        var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
        var rows = await LoadAllAsync(db, entityTypeName, ignoreFilter: false);
        var everyTenant = await LoadAllAsync(db, entityTypeName, ignoreFilter: true);

        everyTenant.ShouldContain(r => r.TenantId == tenants.B.TenantId, "the fixture must seed a B row of every type, or this test proves nothing");
        rows.ShouldNotBeEmpty();
        rows.ShouldAllBe(r => r.TenantId == tenants.A.TenantId);
    }

    [Fact]
    public void Every_tenant_owned_entity_type_has_the_named_tenant_filter()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);
        var tenantOwned = db.Model.GetEntityTypes().Where(e => !e.IsOwned() && typeof(ITenantOwned).IsAssignableFrom(e.ClrType)).ToList();
        tenantOwned.Count.ShouldBeGreaterThanOrEqualTo(11);
        tenantOwned.ShouldAllBe(e => e.FindDeclaredQueryFilter(ShelfCloudDbContext.TenantFilter) != null);
    }

    [Fact]
    public async Task Without_a_tenant_no_tenant_owned_rows_are_visible()
    {
        await using var scope = tenants.Database.WithoutTenant();
        var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
        (await db.Stores.CountAsync()).ShouldBe(0);
        (await db.Cameras.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Guessed_id_of_tenant_B_finds_nothing_as_tenant_A()
    {
        await using var scope = tenants.Database.InTenant(tenants.A.TenantId);
        var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
        (await db.Stores.FindAsync(tenants.B.StoreId)).ShouldBeNull();
        (await db.Captures.SingleOrDefaultAsync(c => c.Id == tenants.B.CaptureId)).ShouldBeNull();
        (await db.Detections.SingleOrDefaultAsync(d => d.Id == tenants.B.DetectionId)).ShouldBeNull();
    }

    private static async Task<List<ITenantOwned>> LoadAllAsync(ShelfCloudDbContext db, string entityTypeName, bool ignoreFilter)
    {
        var clrType = db.Model.GetEntityTypes().Single(e => e.ClrType.FullName == entityTypeName).ClrType;
        var method = typeof(TenantIsolationTests).GetMethod(nameof(LoadAllTypedAsync), BindingFlags.NonPublic | BindingFlags.Static)!;
        return await (Task<List<ITenantOwned>>)method.MakeGenericMethod(clrType).Invoke(null, [db, ignoreFilter])!;
    }

    private static async Task<List<ITenantOwned>> LoadAllTypedAsync<T>(ShelfCloudDbContext db, bool ignoreFilter) where T : class, ITenantOwned
    {
        var query = db.Set<T>().AsNoTracking();
        if (ignoreFilter)
            query = query.IgnoreQueryFilters([ShelfCloudDbContext.TenantFilter]);
        return (await query.ToListAsync()).Cast<ITenantOwned>().ToList();
    }
}
