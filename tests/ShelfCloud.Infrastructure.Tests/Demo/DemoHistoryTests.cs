using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Infrastructure.Blobs;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Demo;
using ShelfCloud.Infrastructure.Onboarding;

namespace ShelfCloud.Infrastructure.Tests.Demo;

public sealed class DemoHistoryTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private Guid _tenant;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(new Dictionary<string, string?>
        {
            ["Demo:Days"] = "1", ["Demo:Skus"] = "8", ["Demo:AnnotateEveryDays"] = "1", ["Demo:ProductPhotos"] = "",
            ["Jobs:RunServer"] = "false",
        });
        await using var platform = _database.WithoutTenant();
        _tenant = (await platform.ServiceProvider.GetRequiredService<TenantProvisioning>().CreateAsync("demo-history", "Demo history")).Id;
        await using var scope = _database.InTenant(_tenant);
        await scope.ServiceProvider.GetRequiredService<CameraOnboarding>().CreateWithPlacementAsync("Store", "Shelf", "cam");
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Seeds_catalog_references_and_a_day_of_captures_once()
    {
        await using (var scope = _database.InTenant(_tenant))
            await scope.ServiceProvider.GetRequiredService<DemoHistorySeeder>().SeedAsync(_tenant);
        await using (var again = _database.InTenant(_tenant))
            await again.ServiceProvider.GetRequiredService<DemoHistorySeeder>().SeedAsync(_tenant);

        await using var check = _database.InTenant(_tenant);
        var db = check.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
        (await db.Skus.CountAsync()).ShouldBe(8);
        (await db.ReferenceImages.CountAsync()).ShouldBe(8);
        var captures = await db.Captures.OrderBy(c => c.TakenAt).ToListAsync();
        captures.Count.ShouldBe(3, "one day, three captures, seeded once");
        captures.Select(c => c.TakenAt.Hour).ShouldBe([8, 14, 20]);
        (await check.ServiceProvider.GetRequiredService<IBlobStore>().ExistsAsync(_tenant, DemoGroundTruth.BlobName(captures[0].Id))).ShouldBeTrue();
        (await check.ServiceProvider.GetRequiredService<IBlobStore>().ExistsAsync(_tenant, DemoGroundTruth.BlobName(captures[1].Id))).ShouldBeFalse();
    }

    [Fact]
    public async Task With_the_shipped_product_photos_the_catalog_is_real_products_with_two_reference_photos_each()
    {
        await using var database = await TestDatabase.CreateAsync(new Dictionary<string, string?>
        {
            ["Demo:Days"] = "1", ["Demo:Skus"] = "6", ["Demo:AnnotateEveryDays"] = "1", ["Jobs:RunServer"] = "false",
        });
        Guid tenant;
        await using (var platform = database.WithoutTenant())
            tenant = (await platform.ServiceProvider.GetRequiredService<TenantProvisioning>().CreateAsync("demo-photos", "Demo photos")).Id;
        await using (var scope = database.InTenant(tenant))
        {
            await scope.ServiceProvider.GetRequiredService<CameraOnboarding>().CreateWithPlacementAsync("Store", "Shelf", "cam");
            await scope.ServiceProvider.GetRequiredService<DemoHistorySeeder>().SeedAsync(tenant);
        }

        await using var check = database.InTenant(tenant);
        var db = check.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
        var skus = await db.Skus.ToListAsync();
        skus.Count.ShouldBe(6);
        skus.ShouldContain(s => s.Code == "Alpro-Blueberry-Soyghurt" && s.Category == "Packages", "the first product of the shipped photos");
        (await db.ReferenceImages.CountAsync()).ShouldBe(12, "two photos of each product");
        (await db.Captures.CountAsync()).ShouldBe(3);
    }

    [Fact]
    public async Task The_demo_annotator_reviews_recognised_captures_against_ground_truth_once()
    {
        await using (var scope = _database.InTenant(_tenant))
            await scope.ServiceProvider.GetRequiredService<DemoHistorySeeder>().SeedAsync(_tenant);

        await using var check = _database.InTenant(_tenant);
        var db = check.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
        var blobs = check.ServiceProvider.GetRequiredService<IBlobStore>();
        var capture = await db.Captures.OrderBy(c => c.TakenAt).FirstAsync();
        await using (var blob = await blobs.OpenReadAsync(_tenant, DemoGroundTruth.BlobName(capture.Id)))
        {
            var truth = (await JsonSerializer.DeserializeAsync<DemoGroundTruth>(blob!.Content, new JsonSerializerOptions(JsonSerializerDefaults.Web)))!;
            var other = await db.Skus.Where(s => s.Id != truth.Products[1].SkuId).Select(s => s.Id).FirstAsync();
            capture.Detections.Add(Detect(truth.Products[0], truth.Products[0].SkuId));
            capture.Detections.Add(Detect(truth.Products[1], other));
            capture.Detections.Add(new Detection { X1 = 0, Y1 = 0, X2 = 3, Y2 = 3, PredictedSkuId = other });
        }
        capture.Status = CaptureStatus.Recognized;
        await db.SaveChangesAsync();

        var annotator = check.ServiceProvider.GetRequiredService<DemoAnnotator>();
        (await annotator.ReviewRecognisedAsync()).Reviewed.ShouldBe(1);
        (await annotator.ReviewRecognisedAsync()).Reviewed.ShouldBe(0, "ground truth is used once");

        var statuses = await db.Detections.AsNoTracking().Where(d => d.CaptureId == capture.Id).OrderBy(d => d.Id).Select(d => d.ReviewStatus).ToListAsync();
        statuses.ShouldBe([ReviewStatus.Accepted, ReviewStatus.Corrected, ReviewStatus.Rejected]);
        (await db.Annotations.CountAsync(a => a.CaptureId == capture.Id)).ShouldBe(2);
    }

    private static Detection Detect(DemoGroundTruthBox truth, Guid predicted) => new()
    {
        X1 = truth.X1 + 1, Y1 = truth.Y1 + 1, X2 = truth.X2 - 1, Y2 = truth.Y2, DetectorScore = 0.9f, PredictedSkuId = predicted, FinalScore = 0.8f,
        Candidates = [new() { SkuId = predicted, VisualScore = 0.8f, FinalScore = 0.8f }],
    };
}
