using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ShelfCloud.E2E.Analytics;

public sealed class AvailabilityTests(PortalFixture portal)
{
    [Fact]
    public async Task Store_manager_reads_the_overview_the_store_heatmap_and_a_shelf_heatmap()
    {
        var missingSku = await AnalyticsDemoData.EnsureAsync(portal);
        await using var portalPage = await portal.OpenPageAsync();
        var page = portalPage.Page;
        await portalPage.SignInAsync("manager@demo.shelfcloud.test");

        await Expect(page.GetByTestId("metric-availability").GetByTestId("metric-value")).ToContainTextAsync("%");
        await Expect(page.GetByTestId("metric-open-oos").GetByTestId("metric-value")).Not.ToHaveTextAsync("0");
        await Expect(page.GetByTestId("metric-unknown").GetByTestId("metric-value")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-9,]+$"));
        await portalPage.SaveScreenshotAsync("dashboard");

        await page.GetByRole(AriaRole.Link, new() { Name = "Availability", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("availability-heatmap")).ToBeVisibleAsync();
        await portalPage.ChooseAsync("availability-store", AnalyticsDemoData.Store);
        var dairyRow = page.GetByTestId("heatmap-row").Filter(new() { HasText = AnalyticsDemoData.DairyShelf });
        await Expect(dairyRow.GetByTestId("heatmap-cell").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("%") }).First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("open-events")).ToContainTextAsync(missingSku);
        await portalPage.SaveScreenshotAsync("availability");

        await page.GetByTestId("availability-period").GetByText("Last 14 days").ClickAsync();
        await Expect(page.GetByTestId("availability-heatmap").Locator("thead th")).ToHaveCountAsync(15);

        await dairyRow.GetByTestId("heatmap-shelf").ClickAsync();
        var heatmap = page.GetByTestId("shelf-heatmap");
        await Expect(heatmap).ToBeVisibleAsync();
        await Expect(heatmap.GetByTestId("heat-cell").First).ToBeAttachedAsync();
        await Expect(heatmap.GetByTestId("latest-gap").First).ToBeAttachedAsync();
        await Expect(page.GetByTestId("shelf-events")).ToContainTextAsync(missingSku);
        var photoLoaded = await page.EvaluateAsync<bool>(
            "async () => { const r = await fetch(document.querySelector('[data-testid=shelf-heatmap] image').getAttribute('href')); return r.ok && (await r.blob()).size > 10000; }");
        photoLoaded.ShouldBeTrue("the heatmap is drawn over the shelf's latest photo");
        await portalPage.SaveScreenshotAsync("shelf-heatmap");
    }

    [Fact]
    public async Task Store_manager_opens_the_photos_behind_an_out_of_stock_and_behind_a_heatmap_cell()
    {
        var missingSku = await AnalyticsDemoData.EnsureAsync(portal);
        await using var portalPage = await portal.OpenPageAsync();
        var page = portalPage.Page;
        await portalPage.SignInAsync("manager@demo.shelfcloud.test");
        await portalPage.GotoAsync("/availability");
        await portalPage.ChooseAsync("availability-store", AnalyticsDemoData.Store);

        await page.GetByTestId("open-events").Locator("tr").Filter(new() { HasText = missingSku }).GetByTestId("event-photos").ClickAsync();

        await Expect(page.GetByTestId("evidence-summary")).ToContainTextAsync(missingSku);
        await Expect(page.GetByTestId("evidence-capture").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("evidence-capture").First).ToContainTextAsync("0 matching", new() { Timeout = 10_000 });
        

        await page.GoBackAsync();
        var dairyRow = page.GetByTestId("heatmap-row").Filter(new() { HasText = AnalyticsDemoData.DairyShelf });
        await dairyRow.GetByTestId("heatmap-cell-link").Last.ClickAsync();
        await Expect(page.GetByTestId("evidence-capture").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("evidence-crop").First).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('[data-testid=evidence-crop] img')].every(i => i.complete && i.naturalWidth > 0)");
        await portalPage.SaveScreenshotAsync("evidence");
    }
}
