using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Indexing;
using ShelfCloud.Infrastructure.Recognition;
using ShelfCloud.Infrastructure.ReferenceImages;
using ShelfCloud.Infrastructure.Tests.Jobs;
using SkiaSharp;
using static ShelfCloud.TestSupport.TestShelves;

namespace ShelfCloud.Infrastructure.Tests.Recognition;

/// <summary>Back-fill on the real job path with the tiny test models: a SKU added later corrects the captures it was missed in.</summary>
public sealed class CaptureBackfillTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_sku_added_later_corrects_past_captures_from_their_kept_embeddings_and_leaves_annotators_decisions_alone()
    {
        await using var node = await JobsHost.StartAsync();
        var tenant = await node.NewTenantAsync();
        var red = await AddSkuWithPackshotAsync(node, tenant.TenantId, "RED-1", Red);
        await node.IngestAsync(tenant, 3);
        await RecognizeAllAsync(node, tenant.TenantId);
        var before = await ProductsAsync(node, tenant.TenantId);
        before.ShouldAllBe(d => d.Embedding != null, "products keep their embedding");
        before.ShouldAllBe(d => d.PredictedSkuId == red, "the only SKU in the catalog is every crop's nearest");
        var decided = before.OrderBy(d => d.Id).First(d => d.X1 > 80 && d.X1 < 170);
        await using (var scope = node.InTenant(tenant.TenantId))
        {
            var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
            await db.Detections.Where(d => d.Id == decided.Id).ExecuteUpdateAsync(u => u.SetProperty(d => d.ReviewStatus, ReviewStatus.Accepted), Token);
        }

        var green = await AddSkuWithPackshotAsync(node, tenant.TenantId, "GREEN-1", Green);
        var progress = new List<(int Done, int Total)>();
        var result = await BackfillAsync(node, tenant.TenantId, new BackfillRequest(), (done, total) => progress.Add((done, total)));

        result.Captures.ShouldBe(3);
        result.WithoutEmbeddings.ShouldBe(0);
        var after = await ProductsAsync(node, tenant.TenantId);
        var middle = after.Where(d => d.X1 > 80 && d.X1 < 170).ToList();
        middle.Count.ShouldBe(3, "the green pack stands in the middle of each shelf photo");
        middle.Where(d => d.Id != decided.Id).ShouldAllBe(d => d.PredictedSkuId == green, "the green packs are named with the new SKU");
        middle.Single(d => d.Id == decided.Id).PredictedSkuId.ShouldBe(red, "an annotator's decision is not overwritten");
        after.Where(d => d.X1 < 80).ShouldAllBe(d => d.PredictedSkuId == red);
        result.Changed.ShouldBe(after.Count(d => d.PredictedSkuId == green));
        result.Changed.ShouldBeGreaterThanOrEqualTo(2);
        result.CapturesChanged.ShouldBeGreaterThanOrEqualTo(2);
        progress.Last().ShouldBe((3, 3));
        await using (var scope = node.InTenant(tenant.TenantId))
        {
            var run = await scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>().BackfillRuns.AsNoTracking().SingleAsync(Token);
            (run.Trigger, run.Days, run.CapturesTotal, run.CapturesDone, run.Changed, run.FinishedAt is not null, run.Error)
                .ShouldBe(("cli", 14, 3, 3, result.Changed, true, (string?)null), "the run is recorded with its progress for the jobs page");
        }

        (await BackfillAsync(node, tenant.TenantId, new BackfillRequest())).Changed.ShouldBe(0, "nothing left to correct");
        (await BackfillAsync(node, tenant.TenantId, new BackfillRequest(ShelfId: Guid.NewGuid()))).Captures.ShouldBe(0, "another shelf's captures only");
        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => BackfillAsync(node, tenant.TenantId, new BackfillRequest(0)));
    }

    private static async Task<Guid> AddSkuWithPackshotAsync(JobsHost node, Guid tenantId, string code, SKColor colour)
    {
        var skuId = await node.AddSkuAsync(tenantId, code);
        await using (var scope = node.InTenant(tenantId))
            await scope.ServiceProvider.GetRequiredService<ReferenceImageUploads>().UploadAsync(skuId, ShelfImages.Packshot(colour), Token);
        await using (var scope = node.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ReferenceIndexingJob>().RunAsync(tenantId, Token);
        return skuId;
    }

    private static async Task RecognizeAllAsync(JobsHost node, Guid tenantId)
    {
        var claims = (await node.Get<CaptureClaimer>().ClaimAsync(tenantId, 10, Token)).ToArray();
        await using var scope = node.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RecognizeCapturesJob>().RunAsync(tenantId, claims, Token);
    }

    private static async Task<List<Detection>> ProductsAsync(JobsHost node, Guid tenantId)
    {
        await using var scope = node.InTenant(tenantId);
        return await scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>().Detections.AsNoTracking()
            .Where(d => d.DetectorClass == "product").ToListAsync(Token);
    }

    private static async Task<BackfillResult> BackfillAsync(JobsHost node, Guid tenantId, BackfillRequest request, Action<int, int>? progress = null)
    {
        await using var scope = node.InTenant(tenantId);
        return await scope.ServiceProvider.GetRequiredService<CaptureBackfill>().RunAsync(request, progress, Token);
    }
}
