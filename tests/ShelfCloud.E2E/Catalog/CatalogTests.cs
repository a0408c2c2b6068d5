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

    [Fact]
    public async Task A_tenant_admin_adds_a_sku_by_hand_and_edits_it()
    {
        await using var portalPage = await portal.OpenPageAsync();
        var page = portalPage.Page;
        await portalPage.SignInAsync("admin@demo.shelfcloud.test");
        await portalPage.GotoAsync("/catalog");

        await page.GetByTestId("sku-new").ClickAsync();
        await page.GetByTestId("sku-code").FillAsync("E2E-FORM-1");
        await page.GetByTestId("sku-name").FillAsync("Oat drink 1 l");
        await page.GetByTestId("sku-brand").FillAsync("Havre");
        await page.GetByTestId("sku-save").ClickAsync();

        await Expect(page.GetByTestId("sku-attributes")).ToContainTextAsync("E2E-FORM-1");
        await page.GetByTestId("sku-edit").ClickAsync();
        await page.GetByTestId("sku-name").FillAsync("Oat drink barista 1 l");
        await page.GetByTestId("sku-save").ClickAsync();
        await Expect(page.Locator("h4")).ToContainTextAsync("Oat drink barista 1 l");
        await Expect(page.GetByTestId("reference-file")).ToBeAttachedAsync();
    }
}
