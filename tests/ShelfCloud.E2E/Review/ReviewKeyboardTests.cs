using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ShelfCloud.Domain.Captures;
using ShelfCloud.E2E.Analytics;
using ShelfCloud.Infrastructure.Data;
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

    private sealed record ReviewCounts(int Accepted, int Rejected);

    private async Task<ReviewCounts> ReviewCountsAsync()
    {
        Guid tenantId;
        await using (var platform = portal.Services.CreateAsyncScope())
            tenantId = (await platform.ServiceProvider.GetRequiredService<TenantProvisioning>().FindBySlugAsync(DemoSeeder.Slug))!.Id;
        await using var scope = portal.Services.GetRequiredService<TenantScopeFactory>().CreateScope(tenantId, "e2e-check");
        var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
        return new ReviewCounts(
            await db.Detections.CountAsync(d => d.ReviewStatus == ReviewStatus.Accepted),
            await db.Detections.CountAsync(d => d.ReviewStatus == ReviewStatus.Rejected));
    }

    /// <summary>Decisions are saved over the circuit; poll the database until this one has landed (or time out).</summary>
    private static async Task WaitForAsync(Func<Task<ReviewCounts>> read, Func<ReviewCounts, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
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
