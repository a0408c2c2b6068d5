using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ShelfCloud.E2E.Analytics;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Inbox;
using static Microsoft.Playwright.Assertions;

namespace ShelfCloud.E2E.Inbox;

public sealed class InboxTests(PortalFixture portal)
{
    [Fact]
    public async Task A_tenant_admin_names_an_unknown_product_group_as_a_new_sku()
    {
        await AnalyticsDemoData.EnsureAsync(portal);
        await SeedUnknownGroupAsync();
        await using var portalPage = await portal.OpenPageAsync();
        var page = portalPage.Page;
        await portalPage.SignInAsync("admin@demo.shelfcloud.test");

        await page.GetByRole(AriaRole.Link, new() { Name = "Unknown products", Exact = true }).ClickAsync();
        var group = page.GetByTestId("inbox-group").Filter(new() { HasText = "3 facing(s)" });
        await Expect(group).ToHaveCountAsync(1);
        await Expect(group.GetByTestId("inbox-crop")).ToHaveCountAsync(3);
        await portalPage.SaveScreenshotAsync("inbox");

        await group.GetByTestId("inbox-name").ClickAsync();
        await page.GetByTestId("new-sku-code").FillAsync("E2E-JAM-1");
        await page.GetByTestId("new-sku-name").FillAsync("Strawberry jam 400 g");
        await page.GetByTestId("new-sku-brand").FillAsync("Bonne");
        await page.GetByTestId("new-sku-save").ClickAsync();

        await Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("Added Strawberry jam 400 g to the catalog");
        await Expect(page.GetByTestId("inbox-group").Filter(new() { HasText = "3 facing(s)" })).ToHaveCountAsync(0);
        await using var scope = await portal.DemoTenantScopeAsync();
        (await scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>().Skus.AnyAsync(s => s.Code == "E2E-JAM-1" && s.Brand == "Bonne"))
            .ShouldBeTrue();
    }

    /// <summary>Three crops of one product in the demo's latest capture answered unknown, grouped as the recognition job groups them.</summary>
    private async Task SeedUnknownGroupAsync()
    {
        await using var scope = await portal.DemoTenantScopeAsync("e2e-inbox");
        var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
        var capture = await db.Captures.Where(c => c.Detections.Count(d => d.DetectorClass != "empty") >= 3).OrderByDescending(c => c.TakenAt).FirstAsync();
        var detections = (await db.Detections.Where(d => d.CaptureId == capture.Id && d.DetectorClass != "empty" && d.PredictedSkuId != null).ToListAsync())
            .GroupBy(d => d.PredictedSkuId).First(g => g.Count() >= 3).OrderBy(d => d.X1).Take(3).ToList();
        var inbox = await UnknownProductInbox.LoadAsync(db, CancellationToken.None, threshold: 0.99);
        float[] look = [0.6f, 0.8f, 0, 0];
        foreach (var detection in detections)
        {
            detection.Unknown = true;
            detection.UnknownGroupId = inbox.Assign(look, capture.TakenAt);
        }

        inbox.WriteTo(db);
        await db.SaveChangesAsync();
    }
}
