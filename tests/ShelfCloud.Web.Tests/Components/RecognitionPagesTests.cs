using Bunit;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Domain.Audit;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Catalog;
using ShelfCloud.Infrastructure.Blobs;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Onboarding;
using ShelfCloud.Web.Components.Pages.Settings;
using ShelfCloud.Web.Components.Pages.Shelves;
using ShelfCloud.Web.Tests.Support;

namespace ShelfCloud.Web.Tests.Components;

/// <summary>The recognition settings page and the capture view's account of what the ranker and tracking did, with bUnit over real data.</summary>
public sealed class RecognitionPagesTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static CancellationToken Token => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_tenant_admin_edits_the_realgram_settings_and_an_out_of_range_value_changes_nothing()
    {
        var (components, tenantId) = await TenantAsync("settings-edit", "admin");
        await using var _ = components;
        var page = components.Context.Render<RecognitionSettingsPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=ranker-in-use]"), TimeSpan.FromSeconds(10));
        page.Find("[data-testid=ranker-in-use]").TextContent.ShouldContain("ranker-");
        page.Find("[data-testid=tuning-runs]").TextContent.ShouldContain("No search yet");

        Input(page, "weight").Change("0.25");
        Input(page, "window-days").Change("14");
        await page.Find("[data-testid=save-realgram]").ClickAsync(new MouseEventArgs());
        (await SettingsAsync(components, tenantId)).ShouldBe((14, 0.25));
        (await components.TenantServices.GetRequiredService<ShelfCloudDbContext>().AuditEntries.AsNoTracking()
            .CountAsync(a => a.Action == AuditActions.RealgramSettingsChanged, Token)).ShouldBe(1);

        Input(page, "weight").Change("3");
        await page.Find("[data-testid=save-realgram]").ClickAsync(new MouseEventArgs());
        (await SettingsAsync(components, tenantId)).ShouldBe((14, 0.25), "a weight of 3 is refused");
    }

    [Fact]
    public async Task The_capture_view_says_since_when_the_same_product_stands_there_and_what_tracking_and_the_ranker_did()
    {
        var (components, tenantId) = await TenantAsync("capture-stages", "manager");
        await using var _ = components;
        var camera = await CameraAsync(components, "Store", "Shelf");
        var db = components.TenantServices.GetRequiredService<ShelfCloudDbContext>();
        var milk = new Sku { Code = "milk", Name = "Oat milk", Brand = "B", Category = "Dairy" };
        var cream = new Sku { Code = "cream", Name = "Sour cream", Brand = "B", Category = "Dairy" };
        db.Skus.AddRange(milk, cream);
        var since = new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
        var capture = new Capture
        {
            CameraId = camera.CameraId, ShelfId = camera.ShelfId, StoreId = camera.StoreId, Width = 400, Height = 300,
            TakenAt = since.AddDays(2), ReceivedAt = since.AddDays(2), Status = CaptureStatus.Recognized,
            QualityStatus = ShelfCloud.Domain.Captures.Quality.CaptureQualityStatus.Poor, QualityIssues = "blur",
            BlobName = BlobNames.Qualify(tenantId, $"captures/stages/{Guid.NewGuid():N}.jpg"),
        };
        capture.Detections.Add(new Detection
        {
            X1 = 20, Y1 = 50, X2 = 140, Y2 = 250, DetectorScore = 0.9f, PredictedSkuId = milk.Id, FinalScore = 0.7f, DetectorClass = "product",
            RealgramSkuId = cream.Id, RankerSkuId = cream.Id, RankerVersion = "ranker-test", TrackId = Guid.NewGuid(), TrackSince = since, KeptByTracking = true,
            Candidates = [new() { SkuId = cream.Id, VisualScore = 0.72f, FinalScore = 0.72f }, new() { SkuId = milk.Id, VisualScore = 0.7f, FinalScore = 0.7f }],
        });
        db.Captures.Add(capture);
        await db.SaveChangesAsync(Token);

        var page = components.Context.Render<CapturePage>(p => p.Add(x => x.Id, capture.Id));
        page.WaitForAssertion(() => page.Find("[data-testid=detection-box]"), TimeSpan.FromSeconds(10));
        await page.Find("[data-testid=detection-box]").ClickAsync(new MouseEventArgs());

        page.Find("[data-testid=track-since]").TextContent.ShouldContain("same product since 2026-11-30 08:00");
        page.Find("[data-testid=kept-by-tracking]").TextContent.ShouldContain("Tracking kept Oat milk");
        page.Find("[data-testid=kept-by-tracking]").TextContent.ShouldContain("Sour cream");
        page.FindAll("[data-testid=ranker-changed]").ShouldBeEmpty("the ranker agreed with the realgram");
        page.Find("[data-testid=poor-photo]").TextContent.ShouldContain("Poor photo (blur)");
    }

    [Fact]
    public async Task The_camera_health_page_shows_a_camera_whose_latest_photo_is_poor_as_needing_attention_with_why()
    {
        var (components, tenantId) = await TenantAsync("camera-health", "manager");
        await using var _ = components;
        var camera = await CameraAsync(components, "Health store", "Dairy");
        var db = components.TenantServices.GetRequiredService<ShelfCloudDbContext>();
        var now = DateTimeOffset.UtcNow;
        (await db.Cameras.SingleAsync(c => c.Id == camera.CameraId, Token)).LastSeenAt = now;
        db.Captures.Add(new Capture
        {
            CameraId = camera.CameraId, ShelfId = camera.ShelfId, StoreId = camera.StoreId, Width = 400, Height = 300, TakenAt = now, ReceivedAt = now,
            Status = CaptureStatus.Recognized, QualityStatus = ShelfCloud.Domain.Captures.Quality.CaptureQualityStatus.Poor, QualityIssues = "moved",
            BlobName = BlobNames.Qualify(tenantId, $"captures/health/{Guid.NewGuid():N}.jpg"),
        });
        await db.SaveChangesAsync(Token);

        var page = components.Context.Render<ShelfCloud.Web.Components.Pages.Cameras.CameraHealthPage>();

        page.WaitForAssertion(() => page.Find("[data-testid=health-state]"), TimeSpan.FromSeconds(10));
        page.Find("[data-testid=health-state]").TextContent.ShouldBe("attention");
        page.Find("[data-testid=health-reasons]").TextContent.ShouldBe("moved; 1 of its last 1 photos poor");
        page.Find("[data-testid=health-counts]").TextContent.ShouldContain("1 need attention");
        page.FindAll("[data-testid=recent-photo]").ShouldHaveSingleItem().GetAttribute("href")!.ShouldStartWith("/captures/");
    }

    [Fact]
    public async Task The_notification_centre_lists_what_happened_newest_first_and_marks_it_read_for_this_user_only()
    {
        var (components, _) = await TenantAsync("notifications", "manager-a");
        await using var _ = components;
        var db = components.TenantServices.GetRequiredService<ShelfCloudDbContext>();
        var capture = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        db.Notifications.AddRange(
            new ShelfCloud.Domain.Alerts.Notification { CreatedAt = now.AddMinutes(-5), Kind = "camera_health", Title = "Camera cam-1 needs attention: covered" },
            new ShelfCloud.Domain.Alerts.Notification { CreatedAt = now, Kind = "out_of_stock", Title = "Oat milk is missing on Dairy (Main)", CaptureId = capture });
        await db.SaveChangesAsync(Token);

        var bell = components.Context.Render<ShelfCloud.Web.Components.Layout.NotificationBell>();
        bell.WaitForAssertion(() => bell.Find("[data-testid=notification-badge]").TextContent.ShouldContain("2"), TimeSpan.FromSeconds(10));
        var page = components.Context.Render<ShelfCloud.Web.Components.Pages.Notifications.NotificationsPage>();
        page.WaitForAssertion(() => page.FindAll("[data-testid=notification]").Count.ShouldBe(2), TimeSpan.FromSeconds(10));
        page.FindAll("[data-testid=notification]").Select(n => n.TextContent).ShouldBe(["Oat milk is missing on Dairy (Main)", "Camera cam-1 needs attention: covered"]);
        page.Find($"a[href='/captures/{capture}']").ShouldNotBeNull();

        await page.Find("[data-testid=mark-all-read] button, button[data-testid=mark-all-read]").ClickAsync(new MouseEventArgs());

        var centre = components.TenantServices.GetRequiredService<ShelfCloud.Infrastructure.Alerts.NotificationCentre>();
        (await centre.UnreadCountAsync("manager-a", Token)).ShouldBe(0);
        (await centre.UnreadCountAsync("manager-b", Token)).ShouldBe(2);
    }

    private static async Task<CameraIdentity> CameraAsync(PortalComponents components, string store, string shelf)
    {
        var services = components.TenantServices;
        var issued = await services.GetRequiredService<CameraOnboarding>().CreateWithPlacementAsync(store, shelf, "cam", Token);
        return (await services.GetRequiredService<CameraKeyResolver>().ResolveAsync(issued.ApiKey, Token))!;
    }

    /// <summary>A MudBlazor field's input element, whichever element the test id landed on.</summary>
    private static AngleSharp.Dom.IElement Input(IRenderedComponent<RecognitionSettingsPage> page, string testId)
    {
        var element = page.Find($"[data-testid={testId}]");
        return element.TagName == "INPUT" ? element : element.QuerySelector("input") ?? throw new InvalidOperationException($"{testId} has no input");
    }

    private async Task<(PortalComponents Components, Guid TenantId)> TenantAsync(string slug, string user)
    {
        Guid tenantId;
        await using (var platform = portal.Services.CreateAsyncScope())
            tenantId = (await platform.ServiceProvider.GetRequiredService<TenantProvisioning>().CreateAsync(slug, slug)).Id;
        return (new PortalComponents(portal, tenantId, user), tenantId);
    }

    private static async Task<(int WindowDays, double Weight)> SettingsAsync(PortalComponents components, Guid tenantId)
    {
        await using var db = await components.TenantServices.GetRequiredService<IDbContextFactory<ShelfCloudDbContext>>().CreateDbContextAsync(Token);
        var tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == tenantId, Token);
        return (tenant.Realgram.WindowDays, tenant.Realgram.Weight);
    }
}
