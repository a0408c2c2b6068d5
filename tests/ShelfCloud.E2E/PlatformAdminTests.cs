using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ShelfCloud.E2E;

public sealed class PlatformAdminTests(PortalFixture portal)
{
    [Fact]
    public async Task Platform_admin_enters_a_tenant_explicitly()
    {
        await using var portalPage = await portal.OpenPageAsync();
        var page = portalPage.Page;
        await portalPage.SignInAsync("platform@shelfcloud.test");
        await Expect(page.GetByTestId("no-tenant")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("current-tenant")).ToHaveCountAsync(0);

        await portalPage.GotoAsync("/platform/tenants");
        await page.GetByRole(AriaRole.Button, new() { Name = "Work in demo", Exact = true }).ClickAsync();

        await Expect(page.GetByTestId("current-tenant")).ToHaveTextAsync("Demo Retail");
        await portalPage.GotoAsync("/onboarding/audit");
        await Expect(page.GetByTestId("audit-table").Locator("tbody tr").Filter(new() { HasText = "tenant.entered" }).First)
            .ToContainTextAsync("platform@shelfcloud.test entered demo");
    }
}
