using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Domain.Captures.Quality;
using ShelfCloud.Infrastructure.CameraHealth;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Tests.Availability;

namespace ShelfCloud.Infrastructure.Tests.CameraHealth;

/// <summary>The camera health page's read over real cameras and captures.</summary>
public sealed class CameraHealthReaderTests(AnalysisDatabase fixture) : IClassFixture<AnalysisDatabase>
{
    private TestDatabase Database => fixture.Database;

    [Fact]
    public async Task A_camera_is_offline_without_recent_photos_needs_attention_when_its_latest_photo_is_poor_and_is_ok_otherwise()
    {
        var tenant = await ShelfScenario.CreateTenantAsync(Database, "health");
        var ok = await ShelfScenario.CreateAsync(Database, tenant, "Health store");
        var poor = await ShelfScenario.CreateAsync(Database, tenant, "Health store");
        var silent = await ShelfScenario.CreateAsync(Database, tenant, "Health store");
        var now = DateTimeOffset.UtcNow;
        await ok.AddCaptureAsync(now.AddMinutes(-40));
        await ok.AddCaptureAsync(now.AddMinutes(-10));
        await poor.AddCaptureAsync(now.AddMinutes(-40));
        var covered = await poor.AddCaptureAsync(now.AddMinutes(-10));
        await silent.AddCaptureAsync(now.AddHours(-5));
        await using (var scope = Database.InTenant(tenant))
        {
            var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
            foreach (var capture in await db.Captures.ToListAsync())
                capture.QualityStatus = capture.Id == covered ? CaptureQualityStatus.Poor : CaptureQualityStatus.Ok;
            (await db.Captures.SingleAsync(c => c.Id == covered)).QualityIssues = "covered";
            foreach (var camera in await db.Cameras.ToListAsync())
                camera.LastSeenAt = camera.Id == silent.Camera.CameraId ? now.AddHours(-5) : now.AddMinutes(-10);
            await db.SaveChangesAsync();
        }

        IReadOnlyList<CameraHealthRow> rows;
        await using (var scope = Database.InTenant(tenant))
            rows = await scope.ServiceProvider.GetRequiredService<CameraHealthReader>().ListAsync();

        var byCamera = rows.ToDictionary(r => r.CameraId);
        byCamera[ok.Camera.CameraId].State.ShouldBe(CameraHealthState.Ok);
        byCamera[ok.Camera.CameraId].Recent.Count.ShouldBe(2);
        var attention = byCamera[poor.Camera.CameraId];
        attention.State.ShouldBe(CameraHealthState.Attention);
        attention.Reasons.ShouldBe(["covered", "1 of its last 2 photos poor"]);
        attention.Recent[0].CaptureId.ShouldBe(covered, "newest first");
        var offline = byCamera[silent.Camera.CameraId];
        offline.State.ShouldBe(CameraHealthState.Offline);
        offline.Reasons.ShouldHaveSingleItem().ShouldStartWith("no photo for 300 min");
    }
}
