using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Infrastructure.Blobs;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Demo;
using ShelfCloud.Infrastructure.Onboarding;
using ShelfCloud.Infrastructure.Tenancy;
using ShelfCloud.Web.Tests.Support;

namespace ShelfCloud.Web.Tests.Captures;

/// <summary>A camera made for one test: its tenant, placement and raw key.</summary>
public sealed record TestCamera(Guid TenantId, Guid StoreId, Guid ShelfId, Guid CameraId, string ApiKey);

/// <summary>
/// The real portal (<see cref="PortalFactory"/>: SQLite file, file-system blobs) with ingestion settings for capture
/// tests. The default rate-limit window is an hour, so a test that counts to the limit is never refilled midway;
/// every test uses cameras of its own.
/// </summary>
public class IngestionPortal : IAsyncDisposable
{
    private readonly PortalFactory _portal = new();
    private readonly WebApplicationFactory<Program> _app;
    private readonly Uri? _kestrelAddress;

    public IngestionPortal()
        : this(new Dictionary<string, string?> { ["Ingestion:PermitsPerWindow"] = "10", ["Ingestion:WindowSeconds"] = "3600" })
    {
    }

    protected IngestionPortal(IReadOnlyDictionary<string, string?> settings, bool onKestrel = false)
    {
        _app = _portal.WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings)
                builder.UseSetting(key, value);
        });
        if (!onKestrel)
            return;
        _app.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app.StartServer();
        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        _kestrelAddress = new Uri(addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)));
    }

    public IServiceProvider Services => _app.Services;

    public Uri? KestrelAddress => _kestrelAddress;

    /// <summary>A client without cookies; over loopback TCP when the portal runs on Kestrel.</summary>
    public HttpClient NewClient() => _kestrelAddress is { } address
        ? new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) }
        : _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public HttpClient CameraClient(string apiKey)
    {
        var client = NewClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    public async Task<HttpClient> SignedInClientAsync(string email)
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await PortalFactory.PostLoginAsync(client, email, DemoSeeder.Password);
        response.Headers.Location!.OriginalString.ShouldNotStartWith("/login", customMessage: $"sign-in as {email} failed");
        return client;
    }

    /// <summary>A new tenant with <paramref name="count"/> cameras on one shelf.</summary>
    public async Task<IReadOnlyList<TestCamera>> NewCamerasAsync(int count)
    {
        Guid tenantId;
        await using (var platform = Services.CreateAsyncScope())
        {
            var slug = "ingest-" + Guid.NewGuid().ToString("N")[..12];
            tenantId = (await platform.ServiceProvider.GetRequiredService<TenantProvisioning>().CreateAsync(slug, "Ingestion " + slug)).Id;
        }

        return await AddCamerasAsync(tenantId, count);
    }

    public async Task<TestCamera> NewCameraAsync() => (await NewCamerasAsync(1))[0];

    /// <summary>A new camera in the seeded demo tenant, whose users can sign in.</summary>
    public async Task<TestCamera> NewDemoCameraAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
        var demo = await db.Tenants.SingleAsync(t => t.Slug == DemoSeeder.Slug);
        return (await AddCamerasAsync(demo.Id, 1))[0];
    }

    public async Task<string> RegenerateKeyAsync(TestCamera camera)
    {
        await using var scope = Services.GetRequiredService<TenantScopeFactory>().CreateScope(camera.TenantId);
        return (await scope.ServiceProvider.GetRequiredService<CameraOnboarding>().RegenerateKeyAsync(camera.CameraId)).ApiKey;
    }

    public async Task<List<Capture>> CapturesAsync(Guid tenantId)
    {
        await using var scope = Services.GetRequiredService<TenantScopeFactory>().CreateScope(tenantId);
        return await scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>().Captures.AsNoTracking().ToListAsync();
    }

    public async Task<DateTimeOffset?> LastSeenAtAsync(TestCamera camera)
    {
        await using var scope = Services.GetRequiredService<TenantScopeFactory>().CreateScope(camera.TenantId);
        return await scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>().Cameras
            .Where(c => c.Id == camera.CameraId).Select(c => c.LastSeenAt).SingleAsync();
    }

    /// <summary>Every blob of the tenant, straight from the configured store.</summary>
    public async Task<List<BlobEntry>> BlobsAsync(Guid tenantId) =>
        await Services.GetRequiredService<IBlobStore>().ListAsync(tenantId, "").ToListAsync();

    public static ByteArrayContent Raw(byte[] bytes, string contentType = "image/jpeg")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return content;
    }

    public static MultipartFormDataContent Form(byte[] bytes, string fileName = "shelf.jpg", string contentType = "image/jpeg", string? takenAt = null)
    {
        var form = new MultipartFormDataContent();
        if (takenAt is not null)
            form.Add(new StringContent(takenAt), "takenAt");
        form.Add(Raw(bytes, contentType), "image", fileName);
        return form;
    }

    public async ValueTask DisposeAsync()
    {
        await _portal.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private async Task<IReadOnlyList<TestCamera>> AddCamerasAsync(Guid tenantId, int count)
    {
        await using var scope = Services.GetRequiredService<TenantScopeFactory>().CreateScope(tenantId);
        var sp = scope.ServiceProvider;
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var storeId = await sp.GetRequiredService<StoreOnboarding>().CreateAsync(new StoreInput("Ingestion store " + suffix));
        var shelfId = await sp.GetRequiredService<ShelfOnboarding>().CreateAsync(new ShelfInput(storeId, "Ingestion shelf"));
        var cameras = new List<TestCamera>();
        for (var i = 0; i < count; i++)
        {
            var issued = await sp.GetRequiredService<CameraOnboarding>().CreateAsync(new CameraInput(shelfId, $"cam-{i}"));
            cameras.Add(new TestCamera(tenantId, storeId, shelfId, issued.CameraId, issued.ApiKey));
        }

        return cameras;
    }
}

/// <summary>The portal on Kestrel over loopback: its real request-size limit applies.</summary>
public sealed class KestrelIngestionPortal() : IngestionPortal(new Dictionary<string, string?>(), onKestrel: true);

/// <summary>The portal with a rate limit high enough for the load test.</summary>
public sealed class LoadTestPortal() : IngestionPortal(new Dictionary<string, string?> { ["Ingestion:PermitsPerWindow"] = "100000" });
