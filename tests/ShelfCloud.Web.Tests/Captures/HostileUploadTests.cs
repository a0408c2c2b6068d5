using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ShelfCloud.TestSupport;

namespace ShelfCloud.Web.Tests.Captures;

/// <summary>
/// Every image of the broken-and-hostile corpus (<see cref="HostileImages"/>, 150+ files) posted by a camera to
/// <c>POST /api/v1/captures</c>, as a raw body and in a form: each is refused with a 4xx problem that names the reason,
/// and nothing is stored (no capture row, no blob).
/// </summary>
public sealed class HostileUploadTests(LoadTestPortal portal) : IClassFixture<LoadTestPortal>
{
    private static readonly HashSet<string> ImageReasons = ["empty", "undecodable", "unsupported_format", "too_many_pixels"];

    [Fact]
    public async Task Every_broken_or_hostile_image_is_refused_with_a_reason_and_leaves_nothing_behind()
    {
        var camera = await portal.NewCameraAsync();
        var client = portal.CameraClient(camera.ApiKey);
        var accepted = new List<string>();
        var corpus = HostileImages.All();

        foreach (var image in corpus)
        {
            foreach (var (how, content) in new (string, HttpContent)[] { ("raw", IngestionPortal.Raw(image.Bytes)), ("form", IngestionPortal.Form(image.Bytes)) })
            {
                var response = await client.PostAsync("/api/v1/captures", content, TestContext.Current.CancellationToken);
                var status = (int)response.StatusCode;
                if (status is < 400 or >= 500)
                {
                    accepted.Add($"{image.Name} ({how}): {status}");
                    continue;
                }

                response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", image.Name);
                var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
                ImageReasons.ShouldContain(problem.GetProperty("reason").GetString()!, image.Name);
                problem.GetProperty("detail").GetString().ShouldNotBeNullOrWhiteSpace(image.Name);
            }
        }

        accepted.ShouldBeEmpty();
        corpus.Count.ShouldBeGreaterThanOrEqualTo(150);
        (await portal.CapturesAsync(camera.TenantId)).ShouldBeEmpty();
        (await portal.BlobsAsync(camera.TenantId)).ShouldBeEmpty();
    }
}

/// <summary>Body limits on the real server (Kestrel counts while reading, chunked bodies included).</summary>
public sealed class BodyLimitTests(KestrelIngestionPortal portal) : IClassFixture<KestrelIngestionPortal>
{
    [Fact]
    public async Task A_chunked_json_body_over_1_mb_is_refused_with_413_problem_details_and_creates_nothing()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = portal.KestrelAddress };
        var login = await Support.PortalFactory.PostLoginAsync(client, Support.DemoUsers.TenantAdmin, ShelfCloud.Infrastructure.Demo.DemoSeeder.Password);
        login.StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect);
        var name = "Huge " + new string('x', 2 * 1024 * 1024);
        var json = System.Text.Encoding.UTF8.GetBytes($"{{\"name\":\"{name}\"}}");
        var content = new StreamContent(new NoLengthStream(json)) { Headers = { ContentType = new("application/json") } };

        var response = await client.PostAsync("/api/v1/stores", content, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.RequestEntityTooLarge);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        problem.TryGetProperty("reason", out var reason).ShouldBeTrue(problem.ToString());
        reason.GetString().ShouldBe("request_too_large");
        (await client.GetStringAsync("/api/v1/stores", TestContext.Current.CancellationToken)).ShouldNotContain("Huge ");
    }

    private sealed class NoLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
