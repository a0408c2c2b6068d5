using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Domain.Alerts;
using ShelfCloud.Infrastructure.Alerts;
using ShelfCloud.Infrastructure.CameraHealth;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Tests.Availability;

namespace ShelfCloud.Infrastructure.Tests.CameraHealth;

/// <summary>Cameras going offline and coming back, reported once per change to notifications and webhooks.</summary>
public sealed class CameraOfflineWatchTests(AnalysisDatabase fixture) : IClassFixture<AnalysisDatabase>
{
    private TestDatabase Database => fixture.Database;
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_silent_camera_is_reported_offline_once_and_online_again_when_it_sends_a_photo()
    {
        var shelf = await ShelfScenario.CreateAsync(Database, await ShelfScenario.CreateTenantAsync(Database, "offline"));
        var never = await ShelfScenario.CreateAsync(Database, shelf.TenantId);
        await using (var scope = Database.InTenant(shelf.TenantId))
            await scope.ServiceProvider.GetRequiredService<WebhookRegistry>().AddAsync("https://hooks.test/health", [WebhookEvents.CameraHealth], Token);
        await SetLastSeenAsync(shelf, DateTimeOffset.UtcNow.AddHours(-3));
        var watch = Database.Services.GetRequiredService<CameraOfflineWatch>();

        await watch.CheckAsync(Token);
        await watch.CheckAsync(Token);

        var offline = (await DeliveriesAsync(shelf)).ShouldHaveSingleItem("reported once, however often the watch looks");
        offline.Body.ShouldContain("\"state\":\"offline\"");
        offline.Body.ShouldContain(shelf.Camera.CameraId.ToString());
        offline.Body.ShouldNotContain(never.Camera.CameraId.ToString(), Case.Insensitive, "a camera that never sent a photo is being installed, not failing");

        await SetLastSeenAsync(shelf, DateTimeOffset.UtcNow);
        await watch.CheckAsync(Token);

        var deliveries = await DeliveriesAsync(shelf);
        deliveries.Count.ShouldBe(2);
        deliveries.OrderBy(d => d.Id).Last().Body.ShouldContain("\"state\":\"ok\"");
        await using var check = Database.InTenant(shelf.TenantId);
        var titles = (await check.ServiceProvider.GetRequiredService<NotificationCentre>().ListAsync("someone", Token)).Select(n => n.Title).ToList();
        titles.ShouldContain(t => t.Contains("is offline"));
        titles.ShouldContain(t => t.Contains("sending photos again"));
    }

    private async Task SetLastSeenAsync(ShelfScenario shelf, DateTimeOffset seen)
    {
        await using var scope = Database.InTenant(shelf.TenantId);
        await scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>().Cameras.Where(c => c.Id == shelf.Camera.CameraId)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.LastSeenAt, seen), Token);
    }

    private async Task<List<WebhookDelivery>> DeliveriesAsync(ShelfScenario shelf)
    {
        await using var scope = Database.InTenant(shelf.TenantId);
        return await scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>().WebhookDeliveries.AsNoTracking().ToListAsync(Token);
    }
}
