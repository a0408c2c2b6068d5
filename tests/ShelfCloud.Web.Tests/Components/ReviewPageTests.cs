using Bunit;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Catalog;
using ShelfCloud.Infrastructure.Blobs;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Onboarding;
using ShelfCloud.TestSupport;
using ShelfCloud.Web.Components.Pages.Review;
using ShelfCloud.Web.Tests.Support;

namespace ShelfCloud.Web.Tests.Components;

/// <summary>
/// The review page's keyboard, rendered with bUnit over a tenant with one recognised capture: two products, each with
/// three candidate SKUs, the first predicted.
/// </summary>
public sealed class ReviewPageTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private const string Selected = "border:2px solid";

    [Fact]
    public async Task A_number_key_selects_that_candidate_and_Enter_saves_it_as_a_correction()
    {
        await using var components = await ReviewAsync("review-number");
        var page = components.Context.Render<ReviewPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=candidate-3]"), TimeSpan.FromSeconds(10));
        var (first, _) = await DetectionsAsync(components);
        Style(page, 1).ShouldContain(Selected, customMessage: "the prediction is selected at first");

        await page.Find("[data-testid=review-keyboard]").KeyDownAsync(new KeyboardEventArgs { Key = "2" });
        Style(page, 1).ShouldNotContain(Selected);
        Style(page, 2).ShouldContain(Selected);

        await page.Find("[data-testid=review-keyboard]").KeyDownAsync(new KeyboardEventArgs { Key = "5" });
        Style(page, 2).ShouldContain(Selected, customMessage: "there is no fifth candidate: the choice stays");

        await page.Find("[data-testid=review-keyboard]").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });
        var (decided, next) = await DetectionsAsync(components);
        decided.ReviewStatus.ShouldBe(ReviewStatus.Corrected);
        var annotation = await components.TenantServices.GetRequiredService<ShelfCloudDbContext>().Annotations.AsNoTracking().SingleAsync(a => a.DetectionId == first.Id, Token);
        annotation.SkuId.ShouldBe(first.Candidates.OrderByDescending(c => c.FinalScore).ElementAt(1).SkuId);
        annotation.AcceptedPrediction.ShouldBeFalse();
        next.ReviewStatus.ShouldBe(ReviewStatus.Unreviewed);
        page.WaitForAssertion(() => Style(page, 1).ShouldContain(Selected, customMessage: "the next product starts from its prediction"));
    }

    [Fact]
    public async Task Enter_accepts_the_prediction_and_Backspace_rejects_the_next_product()
    {
        await using var components = await ReviewAsync("review-accept");
        var page = components.Context.Render<ReviewPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=candidate-1]"), TimeSpan.FromSeconds(10));

        await page.Find("[data-testid=review-keyboard]").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });
        page.WaitForAssertion(() => page.Find("[data-testid=review-keyboard]"));
        await page.Find("[data-testid=review-keyboard]").KeyDownAsync(new KeyboardEventArgs { Key = "Backspace" });

        var (first, second) = await DetectionsAsync(components);
        first.ReviewStatus.ShouldBe(ReviewStatus.Accepted);
        second.ReviewStatus.ShouldBe(ReviewStatus.Rejected);
        page.WaitForAssertion(() => page.Find("[data-testid=queue-empty]"));
    }

    private static CancellationToken Token => Xunit.TestContext.Current.CancellationToken;

    private static string Style(IRenderedComponent<ReviewPage> page, int candidate) =>
        page.Find($"[data-testid=candidate-{candidate}]").GetAttribute("style") ?? "";

    private static async Task<(Detection First, Detection Second)> DetectionsAsync(PortalComponents components)
    {
        await using var db = await components.TenantServices.GetRequiredService<IDbContextFactory<ShelfCloudDbContext>>().CreateDbContextAsync(Token);
        var detections = await db.Detections.AsNoTracking().OrderBy(d => d.X1).ToListAsync(Token);
        detections.Count.ShouldBe(2);
        return (detections[0], detections[1]);
    }

    /// <summary>A new tenant with one recognised 400×300 capture (a real JPEG, so decisions can embed their crops).</summary>
    private async Task<PortalComponents> ReviewAsync(string slug)
    {
        Guid tenantId;
        await using (var platform = portal.Services.CreateAsyncScope())
            tenantId = (await platform.ServiceProvider.GetRequiredService<TenantProvisioning>().CreateAsync(slug, slug)).Id;
        var components = new PortalComponents(portal, tenantId, "annotator");
        var services = components.TenantServices;
        var issued = await services.GetRequiredService<CameraOnboarding>().CreateWithPlacementAsync("Store", "Shelf", "cam", Token);
        var camera = (await services.GetRequiredService<CameraKeyResolver>().ResolveAsync(issued.ApiKey, Token))!;
        var db = services.GetRequiredService<ShelfCloudDbContext>();
        var skus = Enumerable.Range(1, 3).Select(i => new Sku { Code = $"{slug}-{i}", Name = $"Product {i}", Brand = "Brand", Category = "Dairy" }).ToList();
        db.Skus.AddRange(skus);
        var now = DateTimeOffset.UtcNow;
        var capture = new Capture
        {
            CameraId = camera.CameraId, ShelfId = camera.ShelfId, StoreId = camera.StoreId, Width = 400, Height = 300,
            TakenAt = now, ReceivedAt = now, RecognizedAt = now, Status = CaptureStatus.Recognized,
            BlobName = BlobNames.Qualify(tenantId, $"captures/review/{Guid.NewGuid():N}.jpg"),
        };
        foreach (var x in new[] { 20f, 200f })
        {
            capture.Detections.Add(new Detection
            {
                X1 = x, Y1 = 50, X2 = x + 120, Y2 = 250, DetectorScore = 0.9f, PredictedSkuId = skus[0].Id, FinalScore = 0.9f,
                Candidates = [.. skus.Select((sku, i) => new DetectionCandidate { SkuId = sku.Id, VisualScore = 0.9f - 0.1f * i, FinalScore = 0.9f - 0.1f * i })],
            });
        }

        db.Captures.Add(capture);
        await db.SaveChangesAsync(Token);
        await services.GetRequiredService<IBlobStore>().PutAsync(
            tenantId, BlobNames.WithinTenant(tenantId, capture.BlobName), new MemoryStream(TestImages.Jpeg(400, 300)), "image/jpeg", Token);
        return components;
    }
}
