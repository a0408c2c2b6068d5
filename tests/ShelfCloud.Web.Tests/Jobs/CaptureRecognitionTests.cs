using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ShelfCloud.TestSupport;
using ShelfCloud.Web.Tests.Captures;

namespace ShelfCloud.Web.Tests.Jobs;

/// <summary>What a camera script sees: the uploaded capture reaches Recognized with its detections, without anyone's help.</summary>
public sealed class CaptureRecognitionTests(JobsPortal portal) : IClassFixture<JobsPortal>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_uploaded_capture_is_recognised_with_its_detections()
    {
        var camera = await portal.NewCameraAsync();
        var client = portal.CameraClient(camera.ApiKey);
        var upload = await client.PostAsync("/api/v1/captures", IngestionPortal.Raw(TestShelves.ShelfPng(1, TestShelves.Red, TestShelves.Red, TestShelves.Red), "image/png"), Token);
        upload.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var id = await CaptureUploadTests.IdOf(upload);

        var capture = await JobsPortal.WaitForAsync(
            () => client.GetFromJsonAsync<JsonElement>($"/api/v1/captures/{id}", Token),
            c => c.GetProperty("status").GetString() is "Recognized" or "Failed");

        capture.GetProperty("status").GetString().ShouldBe("Recognized");
        capture.GetProperty("detections").GetArrayLength().ShouldBe(3);
    }
}
