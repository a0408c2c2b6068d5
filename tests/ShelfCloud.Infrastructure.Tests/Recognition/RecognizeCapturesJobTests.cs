using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ShelfCloud.Domain.Captures;
using Microsoft.EntityFrameworkCore;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Jobs;
using ShelfCloud.Infrastructure.Recognition;
using ShelfCloud.Infrastructure.Tests.Jobs;
using ShelfCloud.Vision.Search;

namespace ShelfCloud.Infrastructure.Tests.Recognition;

/// <summary>The recognition job records each capture's outcome exactly once, in its tenant only, and gives up after the last attempt.</summary>
public sealed class RecognizeCapturesJobTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_job_run_twice_for_the_same_claim_writes_detections_once()
    {
        await using var node = await JobsHost.StartAsync();
        var tenant = await node.NewTenantAsync();
        var ids = await node.IngestAsync(tenant, 3);
        var claims = (await node.Get<CaptureClaimer>().ClaimAsync(tenant.TenantId, 10, Token)).ToArray();

        // Two deliveries of the same job at once (a duplicate), then a third, late one.
        await Task.WhenAll(RunAsync(node, tenant.TenantId, claims), RunAsync(node, tenant.TenantId, claims));
        await RunAsync(node, tenant.TenantId, claims);

        var captures = await node.CapturesAsync(tenant.TenantId);
        captures.ShouldAllBe(c => c.Status == CaptureStatus.Recognized && c.RecognizedAt != null && c.DetectorModelId != null && c.EmbedderModelId != null);
        var detections = await node.DetectionCountsAsync(tenant.TenantId);
        detections.Keys.ShouldBe(ids, ignoreOrder: true);
        // The test detector finds exactly three packs on the shelf image.
        detections.Values.ShouldAllBe(count => count == 3);
    }

    [Fact]
    public async Task A_late_run_of_an_expired_claim_writes_nothing_once_the_capture_was_claimed_again()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var node = await JobsHost.StartAsync(services: s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));
        var tenant = await node.NewTenantAsync();
        await node.IngestAsync(tenant, 1);
        var claimer = node.Get<CaptureClaimer>();
        var stale = (await claimer.ClaimAsync(tenant.TenantId, 1, Token)).ToArray();
        clock.Advance(TimeSpan.FromMinutes(10));
        var fresh = (await claimer.ClaimAsync(tenant.TenantId, 1, Token)).ToArray();

        await RunAsync(node, tenant.TenantId, stale);
        (await node.CapturesAsync(tenant.TenantId)).Single().Status.ShouldBe(CaptureStatus.Processing);
        (await node.DetectionCountsAsync(tenant.TenantId)).ShouldBeEmpty();

        await RunAsync(node, tenant.TenantId, fresh);
        var capture = (await node.CapturesAsync(tenant.TenantId)).Single();
        capture.Status.ShouldBe(CaptureStatus.Recognized);
        capture.Attempts.ShouldBe(1);
        (await node.DetectionCountsAsync(tenant.TenantId))[capture.Id].ShouldBe(3);
    }

    [Fact]
    public async Task Captures_of_tenant_A_are_never_processed_in_tenant_B_scope()
    {
        await using var node = await JobsHost.StartAsync();
        var a = await node.NewTenantAsync();
        var b = await node.NewTenantAsync();
        await node.IngestAsync(a, 2);
        var claimsOfA = (await node.Get<CaptureClaimer>().ClaimAsync(a.TenantId, 10, Token)).ToArray();

        await RunAsync(node, b.TenantId, claimsOfA);

        var captures = await node.CapturesAsync(a.TenantId);
        captures.ShouldAllBe(c => c.Status == CaptureStatus.Processing && c.Attempts == 0);
        captures.Select(c => c.Version).ShouldBe(claimsOfA.Select(c => c.Version), ignoreOrder: true);
        (await node.DetectionCountsAsync(a.TenantId)).ShouldBeEmpty();
        (await node.DetectionCountsAsync(b.TenantId)).ShouldBeEmpty();

        // The right tenant's job still recognises them.
        await RunAsync(node, a.TenantId, claimsOfA);
        (await node.CapturesAsync(a.TenantId)).ShouldAllBe(c => c.Status == CaptureStatus.Recognized);
    }

    [Fact]
    public async Task After_the_last_attempt_the_capture_is_Failed_with_the_reason()
    {
        await using var node = await JobsHost.StartAsync(
            new Dictionary<string, string?> { ["Jobs:MaxAttempts"] = "3" },
            runServer: true,
            services: s => s.Replace(ServiceDescriptor.Singleton<IVectorIndex>(new OfflineVectorIndex())));
        var tenant = await node.NewTenantAsync();
        await node.IngestAsync(tenant, 2);

        // The Hangfire server's dispatcher claims them; AutomaticRetry retries the failing batch until the attempts run out.
        var captures = await node.WaitForCapturesAsync(tenant.TenantId, all => all.All(c => c.Status == CaptureStatus.Failed), TimeSpan.FromSeconds(90));

        captures.ShouldAllBe(c => c.Attempts == 3 && c.FailureReason == OfflineVectorIndex.Message && c.LeaseUntil == null);
        (await node.DetectionCountsAsync(tenant.TenantId)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_failed_attempt_keeps_the_capture_claimed_with_its_latest_error_until_the_last_one()
    {
        await using var node = await JobsHost.StartAsync(
            new Dictionary<string, string?> { ["Jobs:MaxAttempts"] = "2" },
            services: s => s.Replace(ServiceDescriptor.Singleton<IVectorIndex>(new OfflineVectorIndex())));
        var tenant = await node.NewTenantAsync();
        await node.IngestAsync(tenant, 1);
        var claims = (await node.Get<CaptureClaimer>().ClaimAsync(tenant.TenantId, 1, Token)).ToArray();

        await Should.ThrowAsync<InvalidOperationException>(() => RunAsync(node, tenant.TenantId, claims));
        var retrying = (await node.CapturesAsync(tenant.TenantId)).Single();
        (retrying.Status, retrying.Attempts, retrying.FailureReason).ShouldBe((CaptureStatus.Processing, 1, OfflineVectorIndex.Message));

        await RunAsync(node, tenant.TenantId, claims);
        var failed = (await node.CapturesAsync(tenant.TenantId)).Single();
        (failed.Status, failed.Attempts, failed.FailureReason).ShouldBe((CaptureStatus.Failed, 2, OfflineVectorIndex.Message));
    }

    [Fact]
    public async Task A_capture_whose_image_cannot_be_decoded_fails_at_once_and_the_rest_of_its_batch_is_recognised()
    {
        await using var node = await JobsHost.StartAsync();
        var tenant = await node.NewTenantAsync();
        var ids = await node.IngestAsync(tenant, 2);
        var broken = (await node.CapturesAsync(tenant.TenantId)).Single(c => c.Id == ids[0]);
        await node.Get<ShelfCloud.Infrastructure.Blobs.IBlobStore>().PutAsync(tenant.TenantId, ShelfCloud.Infrastructure.Blobs.BlobNames.WithinTenant(tenant.TenantId, broken.BlobName),
            new MemoryStream([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]), "image/png", Token);
        var claims = (await node.Get<CaptureClaimer>().ClaimAsync(tenant.TenantId, 10, Token)).ToArray();

        await RunAsync(node, tenant.TenantId, claims);

        var captures = (await node.CapturesAsync(tenant.TenantId)).ToDictionary(c => c.Id);
        captures[ids[0]].Status.ShouldBe(CaptureStatus.Failed);
        captures[ids[0]].Attempts.ShouldBe(1);
        captures[ids[0]].FailureReason.ShouldNotBeNull().ShouldStartWith("The image cannot be decoded");
        captures[ids[1]].Status.ShouldBe(CaptureStatus.Recognized);
    }

    [Fact]
    public async Task A_cameras_next_capture_continues_its_facing_tracks_and_records_the_ranker()
    {
        await using var node = await JobsHost.StartAsync();
        var tenant = await node.NewTenantAsync();
        var first = (await node.IngestAsync(tenant, 1)).Single();
        await RunAsync(node, tenant.TenantId, (await node.Get<CaptureClaimer>().ClaimAsync(tenant.TenantId, 10, Token)).ToArray());
        var second = (await node.IngestAsync(tenant, 1)).Single();
        await RunAsync(node, tenant.TenantId, (await node.Get<CaptureClaimer>().ClaimAsync(tenant.TenantId, 10, Token)).ToArray());

        await using var scope = node.InTenant(tenant.TenantId);
        var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
        var detections = await db.Detections.AsNoTracking().ToListAsync(Token);
        var firstTakenAt = (await db.Captures.AsNoTracking().SingleAsync(c => c.Id == first, Token)).TakenAt;
        var products = detections.Where(d => d.DetectorClass == "product").ToLookup(d => d.CaptureId);
        products[first].Count().ShouldBe(2);
        products[second].Select(d => d.TrackId).ShouldBe(products[first].Select(d => d.TrackId), ignoreOrder: true);
        products[second].ShouldAllBe(d => d.TrackId != null && d.TrackSince == firstTakenAt && d.RankerVersion != null);
        detections.Where(d => d.DetectorClass == "empty").ShouldAllBe(d => d.TrackId == null, "an empty facing is not a product to track");
        var state = await db.CameraTrackStates.AsNoTracking().SingleAsync(Token);
        (state.CameraId, state.CaptureId).ShouldBe((tenant.Camera.CameraId, second));
    }

    [Fact]
    public async Task Each_photo_gets_a_quality_against_its_cameras_baseline_and_the_same_frame_twice_is_a_duplicate()
    {
        await using var node = await JobsHost.StartAsync();
        var tenant = await node.NewTenantAsync();
        var photo = ShelfCloud.TestSupport.TestImages.Jpeg(640, 480, seed: 5);
        await using (var setup = node.InTenant(tenant.TenantId))
            await setup.ServiceProvider.GetRequiredService<ShelfCloud.Infrastructure.Alerts.WebhookRegistry>().AddAsync("https://hooks.test/health", ["camera_health"], Token);
        var first = await IngestAsync(node, tenant, photo);
        await RunAsync(node, tenant.TenantId, (await node.Get<CaptureClaimer>().ClaimAsync(tenant.TenantId, 10, Token)).ToArray());
        var again = await IngestAsync(node, tenant, photo);
        await RunAsync(node, tenant.TenantId, (await node.Get<CaptureClaimer>().ClaimAsync(tenant.TenantId, 10, Token)).ToArray());

        await using var scope = node.InTenant(tenant.TenantId);
        var reader = scope.ServiceProvider.GetRequiredService<ShelfCloud.Infrastructure.Captures.CaptureReader>();
        var ok = (await reader.GetAsync(first, Token))!.Quality;
        (ok.Status, ok.Issues.Count).ShouldBe(("ok", 0));
        ok.Brightness.ShouldNotBeNull().ShouldBeGreaterThan(0);
        var duplicate = (await reader.GetAsync(again, Token))!.Quality;
        duplicate.Status.ShouldBe("poor");
        duplicate.Issues.ShouldBe(["duplicate"], "the camera sent the very same picture again");
        var baseline = await scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>().CameraQualityBaselines.AsNoTracking().SingleAsync(Token);
        (baseline.CameraId, baseline.GoodCaptures).ShouldBe((tenant.Camera.CameraId, 1));
        var health = await scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>().WebhookDeliveries.AsNoTracking().SingleAsync(Token);
        health.Event.ShouldBe("camera_health", "the camera's health changed from ok to attention");
        using var body = System.Text.Json.JsonDocument.Parse(health.Body);
        (body.RootElement.GetProperty("state").GetString(), body.RootElement.GetProperty("capture_id").GetGuid()).ShouldBe(("attention", again));
        var notification = (await scope.ServiceProvider.GetRequiredService<ShelfCloud.Infrastructure.Alerts.NotificationCentre>().ListAsync("someone", Token)).ShouldHaveSingleItem();
        notification.Title.ShouldContain("needs attention: duplicate");
    }

    private static async Task<Guid> IngestAsync(JobsHost node, JobsTenant tenant, byte[] photo)
    {
        await using var scope = node.InTenant(tenant.TenantId);
        return (await scope.ServiceProvider.GetRequiredService<ShelfCloud.Infrastructure.Captures.CaptureIngestor>()
            .IngestAsync(tenant.Camera, new ShelfCloud.Infrastructure.Captures.CaptureUpload(photo), Token)).Id;
    }

    private static async Task RunAsync(JobsHost node, Guid tenantId, CaptureClaim[] claims)
    {
        await using var scope = node.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RecognizeCapturesJob>().RunAsync(tenantId, claims, Token);
    }
}
