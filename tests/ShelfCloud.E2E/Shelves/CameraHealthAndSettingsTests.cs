using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ShelfCloud.E2E.Shelves;

public sealed class CameraHealthAndSettingsTests(PortalFixture portal)
{
    [Fact]
    public async Task A_store_manager_reads_every_cameras_health_from_the_menu()
    {
        await using var portalPage = await portal.OpenPageAsync();
        var page = portalPage.Page;
        await portalPage.SignInAsync("manager@demo.shelfcloud.test");

        await page.GetByRole(AriaRole.Link, new() { Name = "Camera health", Exact = true }).ClickAsync();

        await Expect(page.GetByTestId("health-counts")).ToContainTextAsync("offline");
        await Expect(page.GetByTestId("health-state").First).ToBeVisibleAsync();
        (await page.GetByTestId("health-state").CountAsync()).ShouldBeGreaterThanOrEqualTo(5, "the demo tenant has five cameras");
        await portalPage.SaveScreenshotAsync("camera-health");
    }

    [Fact]
    public async Task A_store_manager_opens_the_out_of_stock_notifications_from_the_bell()
    {
        var missingSku = await ShelfCloud.E2E.Analytics.AnalyticsDemoData.EnsureAsync(portal);
        await using var portalPage = await portal.OpenPageAsync();
        var page = portalPage.Page;
        await portalPage.SignInAsync("manager@demo.shelfcloud.test");

        await Expect(page.GetByTestId("notification-badge")).ToContainTextAsync(new System.Text.RegularExpressions.Regex("[0-9]"));
        await page.GetByTestId("notification-bell").ClickAsync();

        await Expect(page.GetByTestId("notification").Filter(new() { HasText = "is missing on" }).First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("notifications")).ToContainTextAsync(missingSku);
        await portalPage.SaveScreenshotAsync("notifications");
    }

    [Fact]
    public async Task A_tenant_admin_sees_the_ranker_in_use_and_the_realgram_settings()
    {
        await using var portalPage = await portal.OpenPageAsync();
        var page = portalPage.Page;
        await portalPage.SignInAsync("admin@demo.shelfcloud.test");

        await page.GetByRole(AriaRole.Link, new() { Name = "Recognition settings", Exact = true }).ClickAsync();

        await Expect(page.GetByTestId("ranker-in-use")).ToContainTextAsync("ranker-");
        await Expect(page.GetByTestId("tuning-runs")).ToBeVisibleAsync();
        await portalPage.SaveScreenshotAsync("recognition-settings");
    }

    [Fact]
    public async Task A_store_manager_subscribes_to_alert_mails_with_quiet_hours()
    {
        await using var portalPage = await portal.OpenPageAsync();
        var page = portalPage.Page;
        await portalPage.SignInAsync("manager@demo.shelfcloud.test");

        await page.GetByRole(AriaRole.Link, new() { Name = "Alert mails", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("alert-email")).ToHaveValueAsync("manager@demo.shelfcloud.test");
        await page.GetByTestId("alert-email").FillAsync("not an address");
        await page.GetByTestId("alert-subscribe").ClickAsync();
        await Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("not an email address");

        await page.GetByTestId("alert-email").FillAsync("night-shift@demo.shelfcloud.test");
        await page.GetByTestId("alert-subscribe").ClickAsync();

        await Expect(page.GetByTestId("alert-subscriptions")).ToContainTextAsync("night-shift@demo.shelfcloud.test");
        await Expect(page.GetByTestId("alert-subscriptions")).ToContainTextAsync("All stores");
        await portalPage.SaveScreenshotAsync("alert-mails");
    }

    [Fact]
    public async Task A_tenant_admin_adds_a_webhook_and_reads_its_secret_once()
    {
        await using var portalPage = await portal.OpenPageAsync();
        var page = portalPage.Page;
        await portalPage.SignInAsync("admin@demo.shelfcloud.test");

        await page.GetByRole(AriaRole.Link, new() { Name = "Webhooks", Exact = true }).ClickAsync();
        await page.GetByTestId("webhook-url").FillAsync("https://erp.example.test/shelfcloud");
        await page.GetByTestId("webhook-add").ClickAsync();

        await Expect(page.GetByTestId("webhook-secret")).ToContainTextAsync("shown this once");
        await Expect(page.GetByTestId("webhooks")).ToContainTextAsync("https://erp.example.test/shelfcloud");
        await Expect(page.GetByTestId("webhook-deliveries")).ToBeVisibleAsync();
        await portalPage.SaveScreenshotAsync("webhooks");
    }

    [Fact]
    public async Task A_tenant_admin_adds_an_alert_rule_for_a_product_missing_an_hour()
    {
        await using var portalPage = await portal.OpenPageAsync();
        var page = portalPage.Page;
        await portalPage.SignInAsync("admin@demo.shelfcloud.test");

        await page.GetByRole(AriaRole.Link, new() { Name = "Alert rules", Exact = true }).ClickAsync();
        await page.GetByTestId("rule-name").FillAsync("Gap for an hour");
        await page.GetByTestId("rule-add").ClickAsync();

        await Expect(page.GetByTestId("alert-rules")).ToContainTextAsync("Gap for an hour");
        await Expect(page.GetByTestId("alert-rules")).ToContainTextAsync("missing 60+ min");
        await portalPage.SaveScreenshotAsync("alert-rules");
    }
}
