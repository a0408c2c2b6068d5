using static Microsoft.Playwright.Assertions;

namespace ShelfCloud.E2E.Analytics;

public sealed class ShareOfShelfTests(PortalFixture portal)
{
    private static readonly string[] OtherBrands = ["Fjordmjolk", "Polar Fizz", "Sunvale", "Clearwater"];

    [Fact]
    public async Task Supplier_sees_only_its_brand_and_Others_whatever_the_url_says()
    {
        await AnalyticsDemoData.EnsureAsync(portal);
        await using var portalPage = await portal.OpenPageAsync();
        var page = portalPage.Page;
        await portalPage.SignInAsync("supplier@demo.shelfcloud.test");

        await Expect(page.GetByTestId("metric-supplier-share").First).ToContainTextAsync(AnalyticsDemoData.SupplierBrand);
        await portalPage.GotoAsync("/share?category=Dairy");
        var keys = page.GetByTestId("share-table").GetByTestId("share-key");
        await Expect(keys).ToHaveTextAsync([AnalyticsDemoData.SupplierBrand, "Others"]);
        await Expect(page.GetByTestId("supplier-scope")).ToContainTextAsync(AnalyticsDemoData.SupplierBrand);
        await portalPage.SaveScreenshotAsync("share-supplier");

        foreach (var url in new[] { "/share?by=brand&brand=Fjordmjolk&category=Dairy", "/share?key=Fjordmjolk&days=90", "/share?by=manufacturer" })
        {
            await portalPage.GotoAsync(url);
            await Expect(page.GetByTestId("share-table")).ToBeVisibleAsync();
            var html = await page.ContentAsync();
            foreach (var brand in OtherBrands)
                html.ShouldNotContain(brand, customMessage: $"{url} must not reveal {brand}");
        }

        var csv = await (await page.APIRequest.GetAsync("/api/v1/share.csv?brand=Fjordmjolk&category=Dairy")).TextAsync();
        csv.ShouldContain(AnalyticsDemoData.SupplierBrand);
        foreach (var brand in OtherBrands)
            csv.ShouldNotContain(brand);

        await portalPage.GotoAsync("/availability");
        await Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Store_manager_sees_every_brand_and_its_trend()
    {
        await AnalyticsDemoData.EnsureAsync(portal);
        await using var portalPage = await portal.OpenPageAsync();
        var page = portalPage.Page;
        await portalPage.SignInAsync("manager@demo.shelfcloud.test");

        await portalPage.GotoAsync("/share?category=Dairy");

        await Expect(page.GetByTestId("share-table").GetByTestId("share-key").Filter(new() { HasText = "Fjordmjolk" })).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("share-trend").GetByTestId("trend-line").First).ToBeAttachedAsync();
        await portalPage.SaveScreenshotAsync("share");
    }
}
