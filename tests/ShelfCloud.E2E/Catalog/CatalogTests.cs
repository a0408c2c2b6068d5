using Microsoft.Playwright;
using ShelfCloud.E2E.Analytics;
using static Microsoft.Playwright.Assertions;

namespace ShelfCloud.E2E.Catalog;

public sealed class CatalogTests(PortalFixture portal)
{
    [Fact]
    public async Task Admin_searches_the_catalog_and_opens_a_sku()
    {
        await AnalyticsDemoData.EnsureAsync(portal);
        await using var portalPage = await portal.OpenPageAsync();
        var page = portalPage.Page;
        await portalPage.SignInAsync("admin@demo.shelfcloud.test");

        await portalPage.GotoAsync("/catalog");
        var rows = page.GetByTestId("catalog-table").Locator("tbody tr");
        await Expect(rows.First).ToBeVisibleAsync();
        await page.Locator("#catalog-search").FillAsync(AnalyticsDemoData.SupplierBrand);
        await Expect(rows.Filter(new() { HasNotText = AnalyticsDemoData.SupplierBrand })).ToHaveCountAsync(0);
        (await rows.CountAsync()).ShouldBeGreaterThan(0);
        await portalPage.SaveScreenshotAsync("catalog");

        await rows.First.ClickAsync();
        await Expect(page.GetByTestId("sku-attributes")).ToContainTextAsync(AnalyticsDemoData.SupplierBrand);
        await Expect(page.GetByTestId("reference-file")).ToBeAttachedAsync();
        await portalPage.SaveScreenshotAsync("sku");
    }

    [Fact]
    public async Task Admin_sees_job_progress_and_the_active_models()
    {
        await using var portalPage = await portal.OpenPageAsync();
        var page = portalPage.Page;
        await portalPage.SignInAsync("admin@demo.shelfcloud.test");

        await portalPage.GotoAsync("/jobs");

        await Expect(page.GetByTestId("capture-counts")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("reference-counts")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("models")).ToContainTextAsync("shelfcloud-embedder");

        await page.GetByTestId("backfill-now").ClickAsync();
        await Expect(page.GetByTestId("backfill-run").First).ToContainTextAsync("portal, 14 days", new() { Timeout = 20_000 });
        await Expect(page.GetByTestId("backfill-run").First).ToContainTextAsync("done", new() { Timeout = 60_000 });
        await portalPage.SaveScreenshotAsync("jobs");
    }
}
