using System.Net;
using ShelfCloud.Infrastructure.Captures;
using ShelfCloud.TestSupport;

namespace ShelfCloud.Web.Tests.Captures;

/// <summary>Over real Kestrel (whose default body limit is 30 MB): one byte over 25 MB gets our 413 with its reason.</summary>
public sealed class CaptureSizeLimitTests(KestrelIngestionPortal portal) : IClassFixture<KestrelIngestionPortal>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_raw_body_one_byte_over_25_MB_gets_413_and_leaves_nothing()
    {
        var camera = await portal.NewCameraAsync();

        var response = await portal.CameraClient(camera.ApiKey).PostAsync("/api/v1/captures", IngestionPortal.Raw(OversizedJpeg()), Token);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        await CaptureUploadTests.ShouldBeProblemAsync(response, "file_too_large");
        (await portal.CapturesAsync(camera.TenantId)).ShouldBeEmpty();
        (await portal.BlobsAsync(camera.TenantId)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_form_file_one_byte_over_25_MB_gets_413_and_leaves_nothing()
    {
        var camera = await portal.NewCameraAsync();

        using var form = IngestionPortal.Form(OversizedJpeg());
        var response = await portal.CameraClient(camera.ApiKey).PostAsync("/api/v1/captures", form, Token);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        await CaptureUploadTests.ShouldBeProblemAsync(response, "file_too_large");
        (await portal.CapturesAsync(camera.TenantId)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_small_upload_over_loopback_is_accepted()
    {
        var camera = await portal.NewCameraAsync();

        var response = await portal.CameraClient(camera.ApiKey).PostAsync("/api/v1/captures", IngestionPortal.Raw(TestImages.Jpeg()), Token);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        portal.KestrelAddress.ShouldNotBeNull().IsLoopback.ShouldBeTrue();
    }

    /// <summary>A real JPEG padded with trailing bytes to 25 MB + 1.</summary>
    private static byte[] OversizedJpeg()
    {
        var bytes = new byte[IngestionOptions.MaxUploadBytes + 1];
        TestImages.Jpeg().CopyTo(bytes, 0);
        return bytes;
    }
}
