using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Catalog;
using ShelfCloud.Infrastructure.Blobs;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Indexing;
using ShelfCloud.Infrastructure.Jobs;
using ShelfCloud.Infrastructure.Models;
using ShelfCloud.Infrastructure.Onboarding;
using ShelfCloud.Infrastructure.Review;
using ShelfCloud.Vision.Inference;
using ShelfCloud.Vision.Search;
using SkiaSharp;
using static ShelfCloud.TestSupport.TestImages;
using static ShelfCloud.TestSupport.TestModels;
using static ShelfCloud.TestSupport.TestShelves;

namespace ShelfCloud.Infrastructure.Tests.Review;

/// <summary>Annotators' decisions: annotations for the realgram, statuses for the acceptance rate, vectors for the search space.</summary>
public sealed class ReviewDecisionsTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private Guid _tenant;
    private Guid _otherTenant;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(new Dictionary<string, string?>
        {
            ["Models:Embedder"] = Embedder,
        });
        await using var platform = _database.WithoutTenant();
        var tenants = platform.ServiceProvider.GetRequiredService<TenantProvisioning>();
        _tenant = (await tenants.CreateAsync("review-a", "Review A")).Id;
        _otherTenant = (await tenants.CreateAsync("review-b", "Review B")).Id;
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private sealed record Seeded(Guid CaptureId, long[] Detections, Guid Milk, Guid Oat, Guid Cola);

    private async Task<Seeded> SeedAsync(Guid tenantId)
    {
        await using var scope = _database.InTenant(tenantId);
        var camera = await scope.ServiceProvider.GetRequiredService<CameraOnboarding>().CreateWithPlacementAsync("S", "Shelf " + Guid.NewGuid().ToString("N")[..6], "cam");
        var identity = (await scope.ServiceProvider.GetRequiredService<CameraKeyResolver>().ResolveAsync(camera.ApiKey))!;
        var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
        var milk = new Sku { Code = "MILK-" + Guid.NewGuid().ToString("N")[..4], Name = "Milk", Category = "Dairy" };
        var oat = new Sku { Code = "OAT-" + Guid.NewGuid().ToString("N")[..4], Name = "Oat", Category = "Dairy" };
        var cola = new Sku { Code = "COLA-" + Guid.NewGuid().ToString("N")[..4], Name = "Cola", Category = "Drinks" };
        var capture = new Capture
        {
            CameraId = identity.CameraId, ShelfId = identity.ShelfId, StoreId = identity.StoreId, Width = 200, Height = 100,
            TakenAt = DateTimeOffset.UtcNow, ReceivedAt = DateTimeOffset.UtcNow, Status = CaptureStatus.Recognized,
            BlobName = BlobNames.Qualify(tenantId, $"captures/review/{Guid.NewGuid():N}.jpg"),
        };
        for (var i = 0; i < 3; i++)
        {
            capture.Detections.Add(new Detection
            {
                X1 = 10 + 60 * i, Y1 = 10, X2 = 60 + 60 * i, Y2 = 90, DetectorScore = 0.9f, PredictedSkuId = i == 2 ? cola.Id : milk.Id, FinalScore = 0.8f,
                Candidates = [new() { SkuId = milk.Id, FinalScore = 0.8f, VisualScore = 0.8f }, new() { SkuId = oat.Id, FinalScore = 0.7f, VisualScore = 0.7f }],
            });
        }
        db.AddRange(milk, oat, cola, capture);
        await db.SaveChangesAsync();
        await scope.ServiceProvider.GetRequiredService<IBlobStore>().PutAsync(tenantId, BlobNames.WithinTenant(tenantId, capture.BlobName), new MemoryStream(ShelfJpeg()), "image/jpeg");
        return new Seeded(capture.Id, capture.Detections.Select(d => d.Id).ToArray(), milk.Id, oat.Id, cola.Id);
    }

    private static byte[] ShelfJpeg()
    {
        using var bitmap = new SKBitmap(200, 100);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            using var red = new SKPaint { Color = SKColors.Red };
            using var blue = new SKPaint { Color = SKColors.Blue };
            canvas.DrawRect(10, 10, 50, 80, red);
            canvas.DrawRect(70, 10, 50, 80, blue);
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }

    [Fact]
    public async Task Accept_correct_and_reject_set_statuses_and_annotations()
    {
        var seeded = await SeedAsync(_tenant);
        await using var scope = _database.InTenant(_tenant);
        var decisions = scope.ServiceProvider.GetRequiredService<ReviewDecisions>();

        await decisions.DecideAsync([
            new ReviewDecision(seeded.Detections[0], ReviewVerdict.Accept),
            new ReviewDecision(seeded.Detections[1], ReviewVerdict.Correct, seeded.Oat),
            new ReviewDecision(seeded.Detections[2], ReviewVerdict.Reject),
        ], "annotator-1");

        var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
        (await db.Detections.Where(d => d.CaptureId == seeded.CaptureId).OrderBy(d => d.X1).Select(d => d.ReviewStatus).ToListAsync())
            .ShouldBe([ReviewStatus.Accepted, ReviewStatus.Corrected, ReviewStatus.Rejected]);
        var annotations = await db.Annotations.Where(a => a.CaptureId == seeded.CaptureId).OrderBy(a => a.X1).ToListAsync();
        annotations.Select(a => (a.SkuId, a.AcceptedPrediction)).ShouldBe([(seeded.Milk, true), (seeded.Oat, false)]);
        annotations.ShouldAllBe(a => a.AnnotatorUserId == "annotator-1");

        var summary = await scope.ServiceProvider.GetRequiredService<AcceptanceReport>().ComputeAsync();
        summary.Overall.Reviewed.ShouldBe(3);
        summary.Overall.Accepted.ShouldBe(1);
        summary.ByCategory.Single(r => r.Key == "Drinks").Reviewed.ShouldBe(1);
        var figures = await db.CaptureShelfStats.SingleAsync(s => s.CaptureId == seeded.CaptureId);
        (figures.Products, figures.Reviewed, figures.Accepted).ShouldBe((2, 3, 1), "decisions re-analyse the capture");
        (await db.CaptureSkuFacings.Where(f => f.CaptureId == seeded.CaptureId).Select(f => f.SkuId).ToListAsync())
            .ShouldBe([seeded.Milk, seeded.Oat], ignoreOrder: true);
    }

    [Fact]
    public async Task Annotated_crops_record_their_embedder_and_are_embedded_again_when_another_becomes_active()
    {
        var seeded = await SeedAsync(_tenant);
        await using var scope = _database.InTenant(_tenant);
        var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
        await scope.ServiceProvider.GetRequiredService<ReviewDecisions>().DecideAsync([
            new ReviewDecision(seeded.Detections[0], ReviewVerdict.Accept),
            new ReviewDecision(seeded.Detections[1], ReviewVerdict.Correct, seeded.Oat),
        ], "annotator-1");
        var first = (await scope.ServiceProvider.GetRequiredService<RecognitionModels>().TryGetEmbedderAsync())!;
        (await db.Annotations.Where(a => a.CaptureId == seeded.CaptureId).Select(a => a.EmbedderModelId).ToListAsync())
            .ShouldBe([first.VersionId, first.VersionId]);

        // Another model version becomes active (a new embedder file): every confirmed crop is embedded with it.
        using var otherModel = OnnxEmbedder.Load(EmbedderWithSidecar, CpuSessions());
        var second = new ActiveEmbedder(otherModel, Guid.NewGuid(), otherModel.Dimension);
        var space = scope.ServiceProvider.GetRequiredService<AnnotationSearchSpace>();
        (await db.Annotations.CountAsync(AnnotationSearchSpace.NeedsEmbedding(second.VersionId))).ShouldBe(2);

        (await space.EmbedNextAsync(second, max: 1, CancellationToken.None)).ShouldBe((1, 1));
        (await space.EmbedNextAsync(second, max: 32, CancellationToken.None)).ShouldBe((1, 0));
        (await space.EmbedNextAsync(second, max: 32, CancellationToken.None)).ShouldBe((0, 0));

        (await db.Annotations.AsNoTracking().Where(a => a.CaptureId == seeded.CaptureId).Select(a => a.EmbedderModelId).ToListAsync())
            .ShouldBe([second.VersionId, second.VersionId]);
        var index = scope.ServiceProvider.GetRequiredService<IVectorIndex>();
        (await index.CountAsync(new VectorFilter(_tenant) { Source = VectorSource.Annotation })).ShouldBe(2, "one point per detection, replaced");
        (await index.CountAsync(new VectorFilter(_otherTenant) { Source = VectorSource.Annotation })).ShouldBe(0);
    }

    [Fact]
    public async Task Each_decision_enters_the_search_space_at_once_and_a_new_decision_replaces_it()
    {
        var seeded = await SeedAsync(_tenant);
        await using var scope = _database.InTenant(_tenant);
        var decisions = scope.ServiceProvider.GetRequiredService<ReviewDecisions>();
        var index = scope.ServiceProvider.GetRequiredService<IVectorIndex>();

        await decisions.DecideAsync([new ReviewDecision(seeded.Detections[0], ReviewVerdict.Accept)], null);
        (await index.CountAsync(new VectorFilter(_tenant) { SkuId = seeded.Milk, Source = VectorSource.Annotation })).ShouldBe(1);

        await decisions.DecideAsync([new ReviewDecision(seeded.Detections[0], ReviewVerdict.Correct, seeded.Oat)], null);
        (await index.CountAsync(new VectorFilter(_tenant) { SkuId = seeded.Milk, Source = VectorSource.Annotation })).ShouldBe(0);
        (await index.CountAsync(new VectorFilter(_tenant) { SkuId = seeded.Oat, Source = VectorSource.Annotation })).ShouldBe(1);
        var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
        (await db.Annotations.CountAsync(a => a.DetectionId == seeded.Detections[0])).ShouldBe(1);

        await decisions.DecideAsync([new ReviewDecision(seeded.Detections[0], ReviewVerdict.Reject)], null);
        (await index.CountAsync(new VectorFilter(_tenant) { Source = VectorSource.Annotation })).ShouldBe(0);
        (await db.Annotations.CountAsync(a => a.DetectionId == seeded.Detections[0])).ShouldBe(0);
    }

    [Fact]
    public async Task Another_tenants_detection_or_sku_cannot_be_decided()
    {
        var ours = await SeedAsync(_tenant);
        var theirs = await SeedAsync(_otherTenant);
        await using var scope = _database.InTenant(_tenant);
        var decisions = scope.ServiceProvider.GetRequiredService<ReviewDecisions>();

        await Should.ThrowAsync<NotFoundInTenantException>(() => decisions.DecideAsync([new ReviewDecision(theirs.Detections[0], ReviewVerdict.Accept)], null));
        await Should.ThrowAsync<NotFoundInTenantException>(() => decisions.DecideAsync([new ReviewDecision(ours.Detections[0], ReviewVerdict.Correct, theirs.Oat)], null));

        await using var asOther = _database.InTenant(_otherTenant);
        (await asOther.ServiceProvider.GetRequiredService<ShelfCloudDbContext>().Detections.Where(d => d.CaptureId == theirs.CaptureId)
            .AllAsync(d => d.ReviewStatus == ReviewStatus.Unreviewed)).ShouldBeTrue();
    }

    [Fact]
    public async Task The_queue_serves_unreviewed_captures_in_rows_and_moves_on()
    {
        var seeded = await SeedAsync(_tenant);
        await using var scope = _database.InTenant(_tenant);
        var queue = scope.ServiceProvider.GetRequiredService<ReviewQueue>();
        var batch = await queue.GetAsync(seeded.CaptureId);
        batch!.Detections.Select(d => d.Id).ShouldBe(seeded.Detections);
        batch.Rows.Count.ShouldBe(1);
        batch.Detections[0].Candidates.Select(c => c.SkuId).ShouldBe([seeded.Milk, seeded.Oat]);

        await scope.ServiceProvider.GetRequiredService<ReviewDecisions>().DecideAsync(
            seeded.Detections.Select(id => new ReviewDecision(id, ReviewVerdict.Reject)).ToList(), null);
        var next = await queue.NextAsync();
        (next?.CaptureId).ShouldNotBe(seeded.CaptureId);
    }
}
