using Microsoft.Playwright;
using ShelfCloud.E2E.Analytics;
using static Microsoft.Playwright.Assertions;

namespace ShelfCloud.E2E.Shelves;

public sealed class RealgramViewTests(PortalFixture portal)
{
    [Fact]
    public async Task Store_manager_opens_a_shelf_s_latest_capture_and_sees_why_a_box_was_recognised()
    {
        await AnalyticsDemoData.EnsureAsync(portal);
        await using var portalPage = await portal.OpenPageAsync();
        var page = portalPage.Page;
        await portalPage.SignInAsync("manager@demo.shelfcloud.test");

        await portalPage.GotoAsync("/shelves");
        var dairy = page.GetByTestId("shelf-cards").Locator(".mud-card").Filter(new() { HasText = AnalyticsDemoData.DairyShelf });
        await Expect(dairy).ToContainTextAsync("Recognized");
        await portalPage.SaveScreenshotAsync("shelves");

        await dairy.GetByRole(AriaRole.Link, new() { Name = "Realgram view" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/captures/[0-9a-f-]{36}$"));
        await Expect(page.GetByTestId("capture-photo")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("timeline")).ToBeVisibleAsync();
        var boxes = page.GetByTestId("detection-box");
        (await boxes.CountAsync()).ShouldBeGreaterThan(5);

        await boxes.First.ClickAsync(new() { Force = true });
        var detail = page.GetByTestId("detection-detail");
        await Expect(detail).ToContainTextAsync("realgram");
        await Expect(detail).ToContainTextAsync("visual #1");
        await portalPage.SaveScreenshotAsync("capture");
    }

    [Fact]
    public async Task A_capture_id_of_nobody_s_shelf_shows_a_not_found_message()
    {
        await using var portalPage = await portal.OpenPageAsync();
        await portalPage.SignInAsync("manager@demo.shelfcloud.test");

        await portalPage.GotoAsync($"/captures/{Guid.NewGuid()}");

        await Expect(portalPage.Page.GetByText("This capture does not exist in your tenant.")).ToBeVisibleAsync();
    }
}
