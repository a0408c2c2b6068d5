using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Domain.Analytics;
using ShelfCloud.Domain.Shelves;
using ShelfCloud.Domain.Tenancy;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Identity;
using ShelfCloud.Infrastructure.Share;
using ShelfCloud.Infrastructure.Tenancy;
using ShelfCloud.Infrastructure.Tests.Availability;

namespace ShelfCloud.Infrastructure.Tests.Share;

/// <summary>
/// Share of shelf from per-capture facings: totals, the daily trend, and what a supplier may see — decided by the
/// service from the scope's user, whatever the query asks.
/// </summary>
public sealed class ShareOfShelfServiceTests(ShareOfShelfServiceTests.Seeded seeded) : IClassFixture<ShareOfShelfServiceTests.Seeded>
{
    private static readonly DateOnly Day1 = new(2026, 3, 2);
    private static readonly DateOnly Day2 = Day1.AddDays(1);

    /// <summary>
    /// Tenant T: on day 1 Nordkind (Dairy) 2 facings / 100 px, Fjordmjolk (Dairy, Fjord Foods) 1 / 100, Saltverk (Seasonings,
    /// Fjord Foods) 1 / 50; on day 2 Nordkind 1 / 50, Fjordmjolk 3 / 150. Tenant U has 100 Fjordmjolk facings that must
    /// never count for T.
    /// </summary>
    public sealed class Seeded : IAsyncLifetime
    {
        public TestDatabase Database { get; private set; } = null!;
        public Guid Tenant { get; private set; }
        public string ManagerId { get; private set; } = "";
        public string BrandSupplierId { get; private set; } = "";
        public string ManufacturerSupplierId { get; private set; } = "";
        public string UnscopedSupplierId { get; private set; } = "";

        public async ValueTask InitializeAsync()
        {
            Database = await TestDatabase.CreateAsync();
            Tenant = await ShelfScenario.CreateTenantAsync(Database, "share");
            var shelf = await ShelfScenario.CreateAsync(Database, Tenant);
            var nordkind = await shelf.AddSkuAsync("Nordkind", "Dairy", "Nordkind Dairies");
            var fjordmjolk = await shelf.AddSkuAsync("Fjordmjolk", "Dairy", "Fjord Foods");
            var saltverk = await shelf.AddSkuAsync("Saltverk", "Seasonings", "Fjord Foods");
            await AddFacingsAsync(shelf, Day1, (nordkind, 2, 100), (fjordmjolk, 1, 100), (saltverk, 1, 50));
            await AddFacingsAsync(shelf, Day2, (nordkind, 1, 50), (fjordmjolk, 3, 150));

            var other = await ShelfScenario.CreateAsync(Database, await ShelfScenario.CreateTenantAsync(Database, "share-other"));
            await AddFacingsAsync(other, Day1, (await other.AddSkuAsync("Fjordmjolk", "Dairy", "Fjord Foods"), 100, 5000));

            await using var scope = Database.InTenant(Tenant);
            var users = scope.ServiceProvider.GetRequiredService<TenantUsers>();
            ManagerId = await users.CreateAsync(new NewTenantUser("manager@share.test", "Manager", "Manager!234", Roles.StoreManager));
            BrandSupplierId = await users.CreateAsync(new NewTenantUser("brand@share.test", "Brand supplier", "Supplier!234", Roles.Supplier, ["Nordkind"]));
            ManufacturerSupplierId = await users.CreateAsync(new NewTenantUser("maker@share.test", "Maker supplier", "Supplier!234", Roles.Supplier, []));
            UnscopedSupplierId = await users.CreateAsync(new NewTenantUser("none@share.test", "No scopes", "Supplier!234", Roles.Supplier, []));
            var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
            db.SupplierScopes.Add(new SupplierScope { UserId = ManufacturerSupplierId, Kind = SupplierScopeKind.Manufacturer, Value = "Fjord Foods" });
            await db.SaveChangesAsync();
        }

        public ValueTask DisposeAsync() => Database.DisposeAsync();

        private async Task AddFacingsAsync(ShelfScenario shelf, DateOnly day, params (Guid Sku, int Facings, double Width)[] facings)
        {
            var takenAt = new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
            var capture = await shelf.AddCaptureAsync(takenAt);
            await using var scope = Database.InTenant(shelf.TenantId);
            var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
            db.CaptureSkuFacings.AddRange(facings.Select(f => new CaptureSkuFacings
            {
                CaptureId = capture, SkuId = f.Sku, StoreId = shelf.StoreId, ShelfId = shelf.ShelfId, TakenAt = takenAt, Day = day,
                Facings = f.Facings, LinearWidth = f.Width,
            }));
            await db.SaveChangesAsync();
        }
    }

    private async Task<ShareOfShelfReport> ShareAsync(string? userId, ShareGrouping by = ShareGrouping.Brand, string? category = null, Guid? storeId = null)
    {
        await using var scope = seeded.Database.Services.GetRequiredService<TenantScopeFactory>().CreateScope(seeded.Tenant, "test", userId);
        return await scope.ServiceProvider.GetRequiredService<ShareOfShelfService>().GetAsync(new ShareOfShelfQuery(by, Day1, Day2, storeId, category));
    }

    private static IEnumerable<(string, int, double)> Figures(IEnumerable<ShelfShare> shares) => shares.Select(s => (s.Key, s.Facings, s.LinearWidth));

    [Fact]
    public async Task A_store_manager_sees_every_brand_by_facings_and_linear_width()
    {
        var report = await ShareAsync(seeded.ManagerId);

        report.Visibility.SeesEverything.ShouldBeTrue();
        Figures(report.Shares).ShouldBe([("Fjordmjolk", 4, 250.0), ("Nordkind", 3, 150.0), ("Saltverk", 1, 50.0)]);
        report.Shares[0].FacingShare.ShouldBe(4.0 / 8);
        report.Shares[0].LinearShare.ShouldBe(250.0 / 450);
    }

    [Fact]
    public async Task The_trend_has_one_point_per_day_with_that_days_shares()
    {
        var report = await ShareAsync(seeded.ManagerId, category: "Dairy");

        report.Trend.Select(p => p.Day).ShouldBe([Day1, Day2]);
        Figures(report.Trend[0].Shares).ShouldBe([("Nordkind", 2, 100.0), ("Fjordmjolk", 1, 100.0)]);
        Figures(report.Trend[1].Shares).ShouldBe([("Fjordmjolk", 3, 150.0), ("Nordkind", 1, 50.0)]);
    }

    [Fact]
    public async Task A_supplier_sees_its_brand_against_the_category_total_and_every_other_brand_as_Others()
    {
        var report = await ShareAsync(seeded.BrandSupplierId, category: "Dairy");

        report.Visibility.SeesEverything.ShouldBeFalse();
        Figures(report.Shares).ShouldBe([("Nordkind", 3, 150.0), ("Others", 4, 250.0)]);
        report.Shares[0].LinearShare.ShouldBe(150.0 / 400);
        report.Shares[1].IsOthers.ShouldBeTrue();
        report.Trend.SelectMany(p => p.Shares).Select(s => s.Key).Distinct().ShouldBe(["Nordkind", "Others"], ignoreOrder: true);
    }

    [Fact]
    public async Task Grouping_by_manufacturer_shows_a_supplier_only_its_scoped_manufacturers()
    {
        Figures((await ShareAsync(seeded.ManufacturerSupplierId, ShareGrouping.Manufacturer)).Shares)
            .ShouldBe([("Fjord Foods", 5, 300.0), ("Others", 3, 150.0)]);
        Figures((await ShareAsync(seeded.ManufacturerSupplierId, ShareGrouping.Brand)).Shares)
            .ShouldBe([("Fjordmjolk", 4, 250.0), ("Saltverk", 1, 50.0), ("Others", 3, 150.0)]);
        Figures((await ShareAsync(seeded.BrandSupplierId, ShareGrouping.Manufacturer)).Shares)
            .ShouldBe([("Others", 8, 450.0)], "a brand scope must not reveal the rest of its manufacturer's range");
    }

    [Fact]
    public async Task A_supplier_without_scopes_sees_only_Others()
    {
        Figures((await ShareAsync(seeded.UnscopedSupplierId)).Shares).ShouldBe([("Others", 8, 450.0)]);
    }

    [Fact]
    public async Task Another_tenants_facings_never_count()
    {
        var report = await ShareAsync(null);

        report.Shares.Sum(s => s.Facings).ShouldBe(8);
        report.Shares.Single(s => s.Key == "Fjordmjolk").Facings.ShouldBe(4);
    }

    [Fact]
    public async Task A_reversed_or_too_long_period_is_refused()
    {
        await using var scope = seeded.Database.InTenant(seeded.Tenant);
        var service = scope.ServiceProvider.GetRequiredService<ShareOfShelfService>();
        await Should.ThrowAsync<ArgumentException>(() => service.GetAsync(new ShareOfShelfQuery(ShareGrouping.Brand, Day2, Day1)));
        await Should.ThrowAsync<ArgumentException>(() => service.GetAsync(new ShareOfShelfQuery(ShareGrouping.Brand, Day1, Day1.AddDays(ShareOfShelfQuery.MaxDays))));
    }
}
