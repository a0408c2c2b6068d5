using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Captures.Quality;
using ShelfCloud.Domain.Catalog;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Tenancy;
using ShelfCloud.TestSupport;
using ShelfCloud.Web.Tests.Support;

namespace ShelfCloud.Web.Tests.Captures;

/// <summary><c>GET /api/v1/captures/{id}</c>: cameras and members of the capture's tenant read it; nobody else finds it.</summary>
public sealed class CaptureReadTests(IngestionPortal portal) : IClassFixture<IngestionPortal>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_camera_reads_a_capture_of_its_tenant_with_detections_and_candidates()
    {
        var camera = await portal.NewCameraAsync();
        var id = await UploadAsync(camera);
        await AddDetectionAsync(camera.TenantId, id);

        var response = await portal.CameraClient(camera.ApiKey).GetAsync($"/api/v1/captures/{id}", Token);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var capture = await response.Content.ReadFromJsonAsync<JsonElement>(Token);
        capture.GetProperty("id").GetGuid().ShouldBe(id);
        capture.GetProperty("status").GetString().ShouldBe("Pending");
        capture.GetProperty("width").GetInt32().ShouldBe(64);
        capture.GetProperty("height").GetInt32().ShouldBe(48);
        capture.GetProperty("takenAt").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2026, 11, 22, 7, 0, 0, TimeSpan.Zero));
        capture.TryGetProperty("receivedAt", out _).ShouldBeTrue();
        capture.GetProperty("failureReason").ValueKind.ShouldBe(JsonValueKind.Null);
        var detection = capture.GetProperty("detections").EnumerateArray().ShouldHaveSingleItem();
        detection.GetProperty("box").EnumerateArray().Select(v => v.GetSingle()).ShouldBe([1f, 2f, 30f, 40f]);
        detection.GetProperty("score").GetSingle().ShouldBe(0.9f);
        detection.GetProperty("sku").GetString().ShouldBe("MILK-1L");
        detection.GetProperty("finalScore").GetSingle().ShouldBe(0.85f);
        detection.GetProperty("unknown").GetBoolean().ShouldBeFalse();
        var candidates = detection.GetProperty("candidates").EnumerateArray().ToList();
        candidates.Select(c => c.GetProperty("sku").GetString()).ShouldBe(["MILK-1L", "MILK-2L"]);
        candidates[0].GetProperty("visualScore").GetSingle().ShouldBe(0.7f);
        candidates[0].GetProperty("realgramCoefficient").GetSingle().ShouldBe(0.5f);
        candidates[0].GetProperty("finalScore").GetSingle().ShouldBe(0.85f);
        var quality = capture.GetProperty("quality");
        quality.GetProperty("status").GetString().ShouldBe("unmeasured", "the capture is not recognised yet");
        quality.GetProperty("issues").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task A_poor_photo_reads_with_its_quality_issues_and_figures()
    {
        var camera = await portal.NewCameraAsync();
        var id = await UploadAsync(camera);
        await using (var scope = portal.Services.GetRequiredService<TenantScopeFactory>().CreateScope(camera.TenantId))
        {
            var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
            var capture = await db.Captures.SingleAsync(c => c.Id == id, Token);
            capture.QualityStatus = CaptureQualityStatus.Poor;
            capture.QualityIssues = "blur,moved";
            capture.QualityFigures = CaptureQualityJson.Figures(new CaptureQualityResult(CaptureQualityStatus.Poor, ["blur", "moved"], 120.5, 40, 0.01, 0.002, 6, -1));
            await db.SaveChangesAsync(Token);
        }

        var quality = (await portal.CameraClient(camera.ApiKey).GetFromJsonAsync<JsonElement>($"/api/v1/captures/{id}", Token)).GetProperty("quality");

        quality.GetProperty("status").GetString().ShouldBe("poor");
        quality.GetProperty("issues").EnumerateArray().Select(i => i.GetString()).ShouldBe(["blur", "moved"]);
        quality.GetProperty("brightness").GetDouble().ShouldBe(120.5);
        quality.GetProperty("shift").EnumerateArray().Select(v => v.GetInt32()).ShouldBe([6, -1]);
    }

    [Fact]
    public async Task An_unknown_product_reads_without_a_sku_and_keeps_its_best_candidates()
    {
        var camera = await portal.NewCameraAsync();
        var id = await UploadAsync(camera);
        await AddDetectionAsync(camera.TenantId, id, unknown: true);

        var capture = await portal.CameraClient(camera.ApiKey).GetFromJsonAsync<JsonElement>($"/api/v1/captures/{id}", Token);

        var detection = capture.GetProperty("detections").EnumerateArray().ShouldHaveSingleItem();
        detection.GetProperty("unknown").GetBoolean().ShouldBeTrue();
        detection.GetProperty("sku").ValueKind.ShouldBe(JsonValueKind.Null);
        detection.GetProperty("candidates").EnumerateArray().Select(c => c.GetProperty("sku").GetString()).ShouldBe(["MILK-1L", "MILK-2L"]);
    }

    [Fact]
    public async Task Another_tenants_capture_is_not_found_by_key_or_by_sign_in()
    {
        var owner = await portal.NewCameraAsync();
        var stranger = await portal.NewCameraAsync();
        var id = await UploadAsync(owner);
        var demoAdmin = await portal.SignedInClientAsync(DemoUsers.TenantAdmin);

        (await portal.CameraClient(stranger.ApiKey).GetAsync($"/api/v1/captures/{id}", Token)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await demoAdmin.GetAsync($"/api/v1/captures/{id}", Token)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await portal.CameraClient(owner.ApiKey).GetAsync($"/api/v1/captures/{id}", Token)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Signed_in_members_of_the_tenant_read_its_captures_but_suppliers_and_strangers_do_not()
    {
        var camera = await portal.NewDemoCameraAsync();
        var id = await UploadAsync(camera);
        var path = $"/api/v1/captures/{id}";

        (await (await portal.SignedInClientAsync(DemoUsers.StoreManager)).GetAsync(path, Token)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await portal.SignedInClientAsync(DemoUsers.Annotator)).GetAsync(path, Token)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await portal.SignedInClientAsync(DemoUsers.Supplier)).GetAsync(path, Token)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await (await portal.SignedInClientAsync(DemoUsers.Platform)).GetAsync(path, Token)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await portal.NewClient().GetAsync(path, Token)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await portal.CameraClient("sc_unknown").GetAsync(path, Token)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private async Task<Guid> UploadAsync(TestCamera camera)
    {
        var response = await portal.CameraClient(camera.ApiKey)
            .PostAsync("/api/v1/captures?takenAt=2026-11-22T07:00:00Z", IngestionPortal.Raw(TestImages.Jpeg(64, 48)), Token);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        return await CaptureUploadTests.IdOf(response);
    }

    private async Task AddDetectionAsync(Guid tenantId, Guid captureId, bool unknown = false)
    {
        await using var scope = portal.Services.GetRequiredService<TenantScopeFactory>().CreateScope(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
        var now = DateTimeOffset.UtcNow;
        var oneLitre = new Sku { Code = "MILK-1L", Name = "Milk 1 l", CreatedAt = now };
        var twoLitres = new Sku { Code = "MILK-2L", Name = "Milk 2 l", CreatedAt = now };
        db.AddRange(oneLitre, twoLitres, new Detection
        {
            CaptureId = captureId, X1 = 1, Y1 = 2, X2 = 30, Y2 = 40, DetectorScore = 0.9f, PredictedSkuId = unknown ? null : oneLitre.Id, Unknown = unknown,
            FinalScore = 0.85f,
            Candidates =
            [
                new DetectionCandidate { SkuId = oneLitre.Id, VisualScore = 0.7f, RealgramCoefficient = 0.5f, FinalScore = 0.85f },
                new DetectionCandidate { SkuId = twoLitres.Id, VisualScore = 0.72f, RealgramCoefficient = 0f, FinalScore = 0.72f },
            ],
        });
        await db.SaveChangesAsync(Token);
    }
}
