using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ShelfCloud.Domain.Captures;
using ShelfCloud.E2E.Analytics;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Demo;
using ShelfCloud.Infrastructure.Onboarding;
using ShelfCloud.Infrastructure.Tenancy;
using static Microsoft.Playwright.Assertions;

namespace ShelfCloud.E2E.Review;

public sealed class ReviewKeyboardTests(PortalFixture portal)
{
    [Fact]
    public async Task Annotator_accepts_and_rejects_from_the_keyboard_and_each_decision_is_saved()
    {
        await AnalyticsDemoData.EnsureAsync(portal);
        var before = await ReviewCountsAsync();
        await using var portalPage = await portal.OpenPageAsync();
        var page = portalPage.Page;
        await portalPage.SignInAsync("annotator@demo.shelfcloud.test");

        await page.GetByRole(AriaRole.Link, new() { Name = "Review", Exact = true }).ClickAsync();
        var keyboard = page.GetByTestId("review-keyboard");
        await Expect(keyboard).ToBeVisibleAsync();
        await Expect(page.GetByTestId("candidate-1")).ToBeVisibleAsync();
        await portalPage.SaveScreenshotAsync("review");

        await keyboard.FocusAsync();
        await page.Keyboard.PressAsync("1");
        await page.Keyboard.PressAsync("Enter");
        await WaitForAsync(() => ReviewCountsAsync(), c => c.Accepted == before.Accepted + 1);

        await keyboard.FocusAsync();
        await page.Keyboard.PressAsync("Backspace");
        await WaitForAsync(() => ReviewCountsAsync(), c => c.Rejected == before.Rejected + 1);

        await Expect(page.GetByTestId("acceptance-rate")).ToContainTextAsync("%");
    }

    [Fact]
    public async Task Annotator_names_a_product_from_a_catalog_search_opened_with_slash()
    {
        await AnalyticsDemoData.EnsureAsync(portal);
        var before = await ReviewCountsAsync();
        await using var portalPage = await portal.OpenPageAsync();
        var page = portalPage.Page;
        await portalPage.SignInAsync("annotator@demo.shelfcloud.test");
        await portalPage.GotoAsync("/review");
        var keyboard = page.GetByTestId("review-keyboard");
        await Expect(page.GetByTestId("candidate-1")).ToBeVisibleAsync();

        await keyboard.FocusAsync();
        await page.Keyboard.PressAsync("/");
        var search = page.Locator("input[data-testid=catalog-search], [data-testid=catalog-search] input").First;
        await Expect(search).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(AnalyticsDemoData.SupplierBrand);
        // Each option shows code · name · brand; the list re-renders while results for the last keystrokes arrive, so
        // wait for a product of the brand and click it by its code, not by its position.
        var option = page.Locator(".mud-popover-open .mud-list-item", new() { HasText = AnalyticsDemoData.SupplierBrand }).First;
        await Expect(option).ToBeVisibleAsync();
        var chosenCode = (await option.InnerTextAsync()).Split('·')[0].Trim();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = chosenCode }).First.ClickAsync();
        await Expect(page.GetByText("Chosen from the catalog")).ToContainTextAsync(chosenCode);

        await keyboard.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await WaitForAsync(() => ReviewCountsAsync(), c => c.Accepted + c.Corrected == before.Accepted + before.Corrected + 1);
        (await LatestAnnotatedSkuCodeAsync()).ShouldBe(chosenCode);
    }

    private sealed record ReviewCounts(int Accepted, int Rejected, int Corrected);

    private async Task<ReviewCounts> ReviewCountsAsync()
    {
        await using var scope = await portal.DemoTenantScopeAsync();
        var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
        return new ReviewCounts(
            await db.Detections.CountAsync(d => d.ReviewStatus == ReviewStatus.Accepted),
            await db.Detections.CountAsync(d => d.ReviewStatus == ReviewStatus.Rejected),
            await db.Detections.CountAsync(d => d.ReviewStatus == ReviewStatus.Corrected));
    }

    private async Task<string> LatestAnnotatedSkuCodeAsync()
    {
        await using var scope = await portal.DemoTenantScopeAsync();
        var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
        var skuId = await db.Annotations.OrderByDescending(a => a.AnnotatedAt).Select(a => a.SkuId).FirstAsync();
        return await db.Skus.Where(s => s.Id == skuId).Select(s => s.Code).SingleAsync();
    }

    /// <summary>Decisions are saved over the circuit; poll the database until this one has landed (or time out).</summary>
    private static async Task WaitForAsync(Func<Task<ReviewCounts>> read, Func<ReviewCounts, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        ReviewCounts current;
        do
        {
            current = await read();
            if (done(current))
                return;
            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);
        done(current).ShouldBeTrue($"the decision was not saved: {current}");
    }
}
