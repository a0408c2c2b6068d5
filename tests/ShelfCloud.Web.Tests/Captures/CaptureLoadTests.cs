using System.Collections.Concurrent;
using System.Net;
using ShelfCloud.Infrastructure.Blobs;
using ShelfCloud.TestSupport;

namespace ShelfCloud.Web.Tests.Captures;

/// <summary>Many cameras uploading at once: every upload becomes exactly one capture and one blob.</summary>
public sealed class CaptureLoadTests(LoadTestPortal portal) : IClassFixture<LoadTestPortal>
{
    private const int Uploads = 1000;
    private const int Clients = 32;

    [Fact]
    public async Task A_thousand_uploads_from_32_concurrent_clients_make_exactly_a_thousand_captures_and_blobs()
    {
        var token = TestContext.Current.CancellationToken;
        var cameras = await portal.NewCamerasAsync(4);
        var tenantId = cameras[0].TenantId;
        var images = Enumerable.Range(0, 8).Select(seed => TestImages.Jpeg(48, 32, seed)).ToArray();
        var ids = new ConcurrentBag<Guid>();
        var failures = new ConcurrentBag<string>();
        var next = -1;

        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async _ =>
        {
            var clients = cameras.Select(c => portal.CameraClient(c.ApiKey)).ToArray();
            int i;
            while ((i = Interlocked.Increment(ref next)) < Uploads)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/captures") { Content = IngestionPortal.Raw(images[i % images.Length]) };
                if (i % 2 == 0)
                    request.Headers.Add("Idempotency-Key", $"load-{i}");
                using var response = await clients[i % clients.Length].SendAsync(request, token);
                if (response.StatusCode == HttpStatusCode.Accepted)
                    ids.Add(await CaptureUploadTests.IdOf(response));
                else
                    failures.Add($"upload {i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(token)}");
            }
        }));

        failures.ShouldBeEmpty();
        ids.Distinct().Count().ShouldBe(Uploads);
        var captures = await portal.CapturesAsync(tenantId);
        captures.Count.ShouldBe(Uploads);
        captures.Select(c => c.Id).ShouldBe(ids, ignoreOrder: true);
        var blobs = await portal.BlobsAsync(tenantId);
        blobs.Count.ShouldBe(Uploads);
        blobs.Select(b => BlobNames.Qualify(tenantId, b.Name)).ShouldBe(captures.Select(c => c.BlobName), ignoreOrder: true);
    }
}
