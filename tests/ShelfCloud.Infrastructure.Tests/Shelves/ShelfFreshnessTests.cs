using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Domain.Captures.Quality;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Shelves;
using ShelfCloud.Infrastructure.Tests.Availability;

namespace ShelfCloud.Infrastructure.Tests.Shelves;

/// <summary>A shelf whose camera sends poor photos keeps its last good state, shown as stale once it is old.</summary>
public sealed class ShelfFreshnessTests(AnalysisDatabase fixture) : IClassFixture<AnalysisDatabase>
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_latest_poor_photo_is_named_and_the_shelf_is_stale_from_its_last_good_photo()
    {
        var shelf = await ShelfScenario.CreateAsync(fixture.Database, await ShelfScenario.CreateTenantAsync(fixture.Database, "fresh"));
        var milk = await shelf.AddSkuAsync("Nordkind");
        await shelf.AddCaptureAsync(Start, milk);
        var covered = await shelf.AddCaptureAsync(Start.AddMinutes(30));
        await using (var scope = fixture.Database.InTenant(shelf.TenantId))
        {
            await scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>().Captures.Where(c => c.Id == covered)
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.QualityStatus, CaptureQualityStatus.Poor).SetProperty(c => c.QualityIssues, "covered"), Token);
        }

        await using var read = fixture.Database.InTenant(shelf.TenantId);
        var listed = (await read.ServiceProvider.GetRequiredService<ShelfBrowser>().ListShelvesAsync(shelf.StoreId, Token)).ShouldHaveSingleItem();

        (listed.CaptureId, listed.LatestIssues, listed.LastGoodAt).ShouldBe((covered, "covered", Start));
        listed.IsStale(Start.AddMinutes(60), TimeSpan.FromHours(2)).ShouldBeFalse("an hour after its last good photo");
        listed.IsStale(Start.AddHours(3), TimeSpan.FromHours(2)).ShouldBeTrue();
    }
}
