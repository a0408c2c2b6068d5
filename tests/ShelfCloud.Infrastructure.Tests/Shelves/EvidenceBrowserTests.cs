using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Infrastructure.Shelves;
using ShelfCloud.Infrastructure.Tests.Availability;

namespace ShelfCloud.Infrastructure.Tests.Shelves;

/// <summary>The photos and crops behind a figure, on a real database.</summary>
public sealed class EvidenceBrowserTests(AnalysisDatabase fixture) : IClassFixture<AnalysisDatabase>
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_missing_sku_opens_its_shelfs_photos_with_its_crops_where_it_was_seen_and_none_where_it_was_missing()
    {
        var shelf = await ShelfScenario.CreateAsync(fixture.Database, await ShelfScenario.CreateTenantAsync(fixture.Database, "evidence"));
        var milk = await shelf.AddSkuAsync("Nordkind");
        var oat = await shelf.AddSkuAsync("Fjordmjolk");
        var seen = await shelf.AddCaptureAsync(Start, milk, oat, oat);
        var missing = await shelf.AddCaptureAsync(Start.AddMinutes(30), milk, null, null);
        await shelf.AddCaptureAsync(Start.AddDays(2), milk, oat);

        var page = await GetAsync(shelf.TenantId, new EvidenceQuery(Start.AddMinutes(-1), Start.AddHours(1), ShelfId: shelf.ShelfId, SkuId: oat));

        page.Subject.ShouldBe("Fjordmjolk product");
        page.TotalCaptures.ShouldBe(2, "the photo two days later is outside the period");
        page.Captures.Select(c => (c.CaptureId, c.Matching, c.Crops.Count)).ShouldBe([(missing, 0, 0), (seen, 2, 2)], "newest first");
        page.Captures[1].Crops.ShouldAllBe(c => c.SkuName == "Fjordmjolk product" && c.Brand == "Fjordmjolk");
        page.Captures[1].Products.ShouldBe(3);
    }

    [Fact]
    public async Task A_brand_opens_the_photos_it_stands_in_and_another_tenants_shelf_shows_nothing()
    {
        var shelf = await ShelfScenario.CreateAsync(fixture.Database, await ShelfScenario.CreateTenantAsync(fixture.Database, "evidence-brand"));
        var other = await ShelfScenario.CreateAsync(fixture.Database, await ShelfScenario.CreateTenantAsync(fixture.Database, "evidence-other"));
        var milk = await shelf.AddSkuAsync("Nordkind");
        var oat = await shelf.AddSkuAsync("Fjordmjolk");
        var withBrand = await shelf.AddCaptureAsync(Start, milk, oat);
        await shelf.AddCaptureAsync(Start.AddMinutes(30), milk);
        await other.AddCaptureAsync(Start, await other.AddSkuAsync("Fjordmjolk"));

        var page = await GetAsync(shelf.TenantId, new EvidenceQuery(Start.AddHours(-1), Start.AddHours(1), Brand: "Fjordmjolk"));
        page.Captures.ShouldHaveSingleItem().CaptureId.ShouldBe(withBrand, "only the tenant's photo in which the brand stands");
        page.Captures[0].Crops.ShouldHaveSingleItem().SkuName.ShouldBe("Fjordmjolk product");

        (await GetAsync(shelf.TenantId, new EvidenceQuery(Start.AddHours(-1), Start.AddHours(1), ShelfId: other.ShelfId))).Captures.ShouldBeEmpty();
        await Should.ThrowAsync<ArgumentException>(() => GetAsync(shelf.TenantId, new EvidenceQuery(Start, Start, ShelfId: shelf.ShelfId)));
        await Should.ThrowAsync<ArgumentException>(() => GetAsync(shelf.TenantId, new EvidenceQuery(Start, Start.AddDays(40), ShelfId: shelf.ShelfId)));
        await Should.ThrowAsync<ArgumentException>(() => GetAsync(shelf.TenantId, new EvidenceQuery(Start, Start.AddHours(1))));
    }

    private async Task<EvidenceView> GetAsync(Guid tenantId, EvidenceQuery query)
    {
        await using var scope = fixture.Database.InTenant(tenantId);
        return await scope.ServiceProvider.GetRequiredService<EvidenceBrowser>().GetAsync(query, Token);
    }
}
