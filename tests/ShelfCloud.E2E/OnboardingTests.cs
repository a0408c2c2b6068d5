using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ShelfCloud.E2E;

public sealed class OnboardingTests(PortalFixture portal)
{
    [Fact]
    public async Task Tenant_admin_onboards_a_store_shelf_and_camera()
    {
        await using var portalPage = await portal.OpenPageAsync();
        var page = portalPage.Page;
        var run = Guid.NewGuid().ToString("N")[..8];
        var store = $"E2E Store {run}";
        var shelf = $"E2E Shelf {run}";
        var camera = $"e2e-cam-{run}";
        await portalPage.SignInAsync("admin@demo.shelfcloud.test");

        await portalPage.GotoAsync("/onboarding/stores");
        await page.Locator("#store-name").FillAsync(store);
        await page.Locator("#store-address").FillAsync("1 Test Street, Testville");
        await page.GetByTestId("create-store").ClickAsync();
        await Expect(RowOf(page, "stores-table", store)).ToBeVisibleAsync();
        await portalPage.SaveScreenshotAsync("stores");

        await portalPage.GotoAsync("/onboarding/shelves");
        await portalPage.ChooseAsync("shelf-store", store);
        await page.Locator("#shelf-name").FillAsync(shelf);
        await page.Locator("#shelf-aisle").FillAsync("7");
        await page.Locator("#shelf-category").FillAsync("Beverages");
        await page.GetByTestId("create-shelf").ClickAsync();
        await Expect(RowOf(page, "shelves-table", shelf)).ToContainTextAsync(store);

        await portalPage.GotoAsync("/onboarding/cameras");
        await portalPage.ChooseAsync("camera-shelf", $"{store} / {shelf}");
        await page.Locator("#camera-name").FillAsync(camera);
        await page.GetByTestId("create-camera").ClickAsync();
        await Expect(page.GetByTestId("api-key-once")).ToContainTextAsync(camera);
        var key = (await page.GetByTestId("api-key").InnerTextAsync()).Trim();
        key.ShouldStartWith("sc_");
        var cameraRow = RowOf(page, "cameras-table", camera);
        await Expect(cameraRow).ToContainTextAsync(shelf);
        await portalPage.SaveScreenshotAsync("cameras");

        await portalPage.ReloadAsync();
        await Expect(cameraRow).ToContainTextAsync(key[..10]);
        await Expect(page.GetByTestId("api-key-once")).ToHaveCountAsync(0);
        var html = await page.ContentAsync();
        html.ShouldNotContain(key[10..], customMessage: "the secret part of the camera key must not be shown again");
    }

    private static ILocator RowOf(IPage page, string tableTestId, string text) =>
        page.GetByTestId(tableTestId).Locator("tbody tr").Filter(new() { HasText = text });
}
