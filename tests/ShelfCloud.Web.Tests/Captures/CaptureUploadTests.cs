using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Infrastructure.Blobs;
using ShelfCloud.TestSupport;

namespace ShelfCloud.Web.Tests.Captures;

/// <summary><c>POST /api/v1/captures</c>: what a camera's upload creates, and what a refused one leaves behind (nothing).</summary>
public sealed class CaptureUploadTests(IngestionPortal portal) : IClassFixture<IngestionPortal>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Upload_creates_a_pending_capture_after_writing_its_blob()
    {
        var camera = await portal.NewCameraAsync();
        var jpeg = TestImages.Jpeg(64, 48);

        var response = await portal.CameraClient(camera.ApiKey).PostAsync("/api/v1/captures", IngestionPortal.Raw(jpeg), Token);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Token);
        var id = body.GetProperty("id").GetGuid();
        body.GetProperty("status").GetString().ShouldBe("Pending");
        response.Headers.Location!.OriginalString.ShouldBe($"/api/v1/captures/{id}");

        var capture = (await portal.CapturesAsync(camera.TenantId)).ShouldHaveSingleItem();
        capture.Id.ShouldBe(id);
        capture.Status.ShouldBe(CaptureStatus.Pending);
        (capture.CameraId, capture.ShelfId, capture.StoreId).ShouldBe((camera.CameraId, camera.ShelfId, camera.StoreId));
        (capture.Width, capture.Height).ShouldBe((64, 48));
        capture.TakenAt.ShouldBe(capture.ReceivedAt);
        capture.BlobName.ShouldMatch($"^{camera.TenantId}/captures/\\d{{4}}/\\d{{2}}/\\d{{2}}/{id}\\.jpg$");

        var store = portal.Services.GetRequiredService<IBlobStore>();
        await using var blob = (await store.OpenReadAsync(camera.TenantId, BlobNames.WithinTenant(camera.TenantId, capture.BlobName), Token)).ShouldNotBeNull();
        blob.ContentType.ShouldBe("image/jpeg");
        using var copy = new MemoryStream();
        await blob.Content.CopyToAsync(copy, Token);
        copy.ToArray().ShouldBe(jpeg);
        (await portal.LastSeenAtAsync(camera)).ShouldBe(capture.ReceivedAt);
    }

    [Fact]
    public async Task The_same_idempotency_key_twice_returns_the_same_capture()
    {
        var camera = await portal.NewCameraAsync();
        var client = portal.CameraClient(camera.ApiKey);
        client.DefaultRequestHeaders.Add("Idempotency-Key", "shot-2026-11-22T09:30");

        var first = await client.PostAsync("/api/v1/captures", IngestionPortal.Raw(TestImages.Jpeg(seed: 1)), Token);
        var second = await client.PostAsync("/api/v1/captures", IngestionPortal.Raw(TestImages.Jpeg(seed: 2)), Token);

        first.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await IdOf(second)).ShouldBe(await IdOf(first));
        (await portal.CapturesAsync(camera.TenantId)).Count.ShouldBe(1);
        (await portal.BlobsAsync(camera.TenantId)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Concurrent_uploads_with_one_idempotency_key_make_one_capture_and_one_blob()
    {
        var camera = await portal.NewCameraAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/captures") { Content = IngestionPortal.Raw(TestImages.Jpeg(seed: i)) };
            request.Headers.Add("Idempotency-Key", "same-shot");
            return await portal.CameraClient(camera.ApiKey).SendAsync(request, Token);
        }));

        responses.Count(r => r.StatusCode == HttpStatusCode.Accepted).ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(7);
        (await Task.WhenAll(responses.Select(IdOf))).Distinct().ShouldHaveSingleItem();
        (await portal.CapturesAsync(camera.TenantId)).Count.ShouldBe(1);
        (await portal.BlobsAsync(camera.TenantId)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task The_same_idempotency_key_from_another_camera_is_another_capture()
    {
        var cameras = await portal.NewCamerasAsync(2);
        var ids = new List<Guid>();
        foreach (var camera in cameras)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/captures") { Content = IngestionPortal.Raw(TestImages.Jpeg()) };
            request.Headers.Add("Idempotency-Key", "shared-key");
            var response = await portal.CameraClient(camera.ApiKey).SendAsync(request, Token);
            response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
            ids.Add(await IdOf(response));
        }

        ids.Distinct().Count().ShouldBe(2);
    }

    [Fact]
    public async Task A_multipart_upload_takes_the_first_file_and_the_takenAt_field()
    {
        var camera = await portal.NewCameraAsync();
        using var form = IngestionPortal.Form(TestImages.Png(32, 24), "shelf.png", "image/png", takenAt: "2026-11-22T09:30:00+01:00");
        form.Add(IngestionPortal.Raw(TestImages.Jpeg(10, 10)), "second", "ignored.jpg");

        var response = await portal.CameraClient(camera.ApiKey).PostAsync("/api/v1/captures", form, Token);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var capture = (await portal.CapturesAsync(camera.TenantId)).ShouldHaveSingleItem();
        (capture.Width, capture.Height).ShouldBe((32, 24));
        capture.TakenAt.ShouldBe(new DateTimeOffset(2026, 11, 22, 8, 30, 0, TimeSpan.Zero));
        capture.BlobName.ShouldEndWith(".png");
        (await portal.BlobsAsync(camera.TenantId)).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task TakenAt_in_the_query_is_stored()
    {
        var camera = await portal.NewCameraAsync();

        var response = await portal.CameraClient(camera.ApiKey)
            .PostAsync("/api/v1/captures?takenAt=2026-11-21T18:05:30Z", IngestionPortal.Raw(TestImages.Jpeg(), "application/octet-stream"), Token);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await portal.CapturesAsync(camera.TenantId)).ShouldHaveSingleItem().TakenAt.ShouldBe(new DateTimeOffset(2026, 11, 21, 18, 5, 30, TimeSpan.Zero));
    }

    [Fact]
    public async Task The_rows_dimensions_honour_the_exif_orientation()
    {
        var camera = await portal.NewCameraAsync();
        var rotated = TestImages.WithExifOrientation(TestImages.Jpeg(40, 20), orientation: 6);

        var response = await portal.CameraClient(camera.ApiKey).PostAsync("/api/v1/captures", IngestionPortal.Raw(rotated), Token);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var capture = (await portal.CapturesAsync(camera.TenantId)).ShouldHaveSingleItem();
        (capture.Width, capture.Height).ShouldBe((20, 40));
    }

    public static TheoryData<string, HttpStatusCode, string> BadInputs() => new()
    {
        { "zero bytes", HttpStatusCode.BadRequest, "empty" },
        { "truncated jpeg", HttpStatusCode.BadRequest, "undecodable" },
        { "text sent as image/jpeg", HttpStatusCode.UnsupportedMediaType, "unsupported_format" },
        { "text file named .jpg in a form", HttpStatusCode.UnsupportedMediaType, "unsupported_format" },
        { "png header declaring 60000x60000", HttpStatusCode.RequestEntityTooLarge, "too_many_pixels" },
        { "text/plain body", HttpStatusCode.UnsupportedMediaType, "unsupported_media_type" },
        { "malformed takenAt", HttpStatusCode.BadRequest, "invalid_taken_at" },
        { "form without a file", HttpStatusCode.BadRequest, "missing_file" },
        { "idempotency key too long", HttpStatusCode.BadRequest, "invalid_idempotency_key" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_is_refused_with_a_reason_and_leaves_nothing_behind(string input, HttpStatusCode expected, string reason)
    {
        var camera = await portal.NewCameraAsync();
        var text = Encoding.UTF8.GetBytes("Shopping list: milk, bread, eggs.\n");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/captures");
        request.Content = input switch
        {
            "zero bytes" => IngestionPortal.Raw([]),
            "truncated jpeg" => IngestionPortal.Raw(TestImages.TruncatedJpeg()),
            "text sent as image/jpeg" => IngestionPortal.Raw(text),
            "text file named .jpg in a form" => IngestionPortal.Form(text, "shelf.jpg"),
            "png header declaring 60000x60000" => IngestionPortal.Raw(TestImages.PngHeaderOnly(60000, 60000), "image/png"),
            "text/plain body" => IngestionPortal.Raw(TestImages.Jpeg(), "text/plain"),
            "form without a file" => FormWithoutFile(),
            _ => IngestionPortal.Raw(TestImages.Jpeg()),
        };
        if (input == "malformed takenAt")
            request.RequestUri = new Uri("/api/v1/captures?takenAt=yesterday", UriKind.Relative);
        if (input == "idempotency key too long")
            request.Headers.Add("Idempotency-Key", new string('k', 129));

        var response = await portal.CameraClient(camera.ApiKey).SendAsync(request, Token);

        response.StatusCode.ShouldBe(expected, input);
        await ShouldBeProblemAsync(response, reason);
        (await portal.CapturesAsync(camera.TenantId)).ShouldBeEmpty();
        (await portal.BlobsAsync(camera.TenantId)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_missing_or_wrong_key_is_refused_and_creates_nothing()
    {
        var camera = await portal.NewCameraAsync();
        var wrong = "sc_" + new string('A', 43);

        var missing = await portal.NewClient().PostAsync("/api/v1/captures", IngestionPortal.Raw(TestImages.Jpeg()), Token);
        var guessed = await portal.CameraClient(wrong).PostAsync("/api/v1/captures", IngestionPortal.Raw(TestImages.Jpeg()), Token);
        var tampered = await portal.CameraClient(camera.ApiKey[..^1] + (camera.ApiKey[^1] == 'x' ? 'y' : 'x'))
            .PostAsync("/api/v1/captures", IngestionPortal.Raw(TestImages.Jpeg()), Token);

        foreach (var response in new[] { missing, guessed, tampered })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            await ShouldBeProblemAsync(response, "invalid_api_key");
        }

        (await portal.CapturesAsync(camera.TenantId)).ShouldBeEmpty();
        (await portal.BlobsAsync(camera.TenantId)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_regenerated_key_stops_the_old_one_at_once()
    {
        var camera = await portal.NewCameraAsync();
        var newKey = await portal.RegenerateKeyAsync(camera);

        var old = await portal.CameraClient(camera.ApiKey).PostAsync("/api/v1/captures", IngestionPortal.Raw(TestImages.Jpeg()), Token);
        old.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await portal.CapturesAsync(camera.TenantId)).ShouldBeEmpty();
        (await portal.BlobsAsync(camera.TenantId)).ShouldBeEmpty();

        var current = await portal.CameraClient(newKey).PostAsync("/api/v1/captures", IngestionPortal.Raw(TestImages.Jpeg()), Token);
        current.StatusCode.ShouldBe(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task A_camera_over_its_rate_limit_gets_429_and_no_capture()
    {
        var camera = await portal.NewCameraAsync();
        var other = await portal.NewCameraAsync();
        var client = portal.CameraClient(camera.ApiKey);
        var jpeg = TestImages.Jpeg();

        for (var i = 0; i < 10; i++)
            (await client.PostAsync("/api/v1/captures", IngestionPortal.Raw(jpeg), Token)).StatusCode.ShouldBe(HttpStatusCode.Accepted, $"upload {i + 1}");
        var refused = await client.PostAsync("/api/v1/captures", IngestionPortal.Raw(jpeg), Token);

        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        await ShouldBeProblemAsync(refused, "rate_limited");
        refused.Headers.RetryAfter.ShouldNotBeNull();
        (await portal.CapturesAsync(camera.TenantId)).Count.ShouldBe(10);
        (await portal.BlobsAsync(camera.TenantId)).Count.ShouldBe(10);
        var otherCamera = await portal.CameraClient(other.ApiKey).PostAsync("/api/v1/captures", IngestionPortal.Raw(jpeg), Token);
        otherCamera.StatusCode.ShouldBe(HttpStatusCode.Accepted, "the limit is per camera");
    }

    [Fact]
    public async Task The_openapi_document_describes_both_capture_endpoints()
    {
        var document = await portal.NewClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json", Token);

        var path = document.GetProperty("paths").GetProperty("/api/v1/captures");
        var post = path.GetProperty("post");
        post.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ShouldBe(["X-Api-Key", "Idempotency-Key", "takenAt"], ignoreOrder: true);
        post.GetProperty("requestBody").GetProperty("content").EnumerateObject().Select(c => c.Name).ShouldContain("multipart/form-data");
        post.GetProperty("responses").EnumerateObject().Select(r => r.Name).ShouldBe(["200", "202", "400", "401", "413", "415", "429"], ignoreOrder: true);
        document.GetProperty("paths").GetProperty("/api/v1/captures/{id}").GetProperty("get").GetProperty("responses")
            .EnumerateObject().Select(r => r.Name).ShouldContain("200");
    }

    internal static async Task<Guid> IdOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

    internal static async Task ShouldBeProblemAsync(HttpResponseMessage response, string reason)
    {
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("reason").GetString().ShouldBe(reason);
        problem.GetProperty("detail").GetString().ShouldNotBeNullOrWhiteSpace();
    }

    private static MultipartFormDataContent FormWithoutFile()
    {
        var form = new MultipartFormDataContent();
        form.Add(new StringContent("2026-11-22T09:30:00Z"), "takenAt");
        return form;
    }
}
