using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ShelfCloud.Infrastructure.Demo;
using ShelfCloud.Infrastructure.Onboarding;
using ShelfCloud.Infrastructure.Tenancy;

[assembly: AssemblyFixture(typeof(ShelfCloud.E2E.PortalFixture))]

namespace ShelfCloud.E2E;

/// <summary>
/// The real portal on Kestrel (loopback, free port) over a fresh data folder, migrated and seeded with the
/// demo tenant, plus one headless Chromium. Shared by the whole suite; every test opens its own browser context.
/// </summary>
public sealed class PortalFixture : IAsyncLifetime
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private readonly string _dataFolder = Directory.CreateTempSubdirectory("shelfcloud-e2e-").FullName;
    private PortalFactory? _factory;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The running portal's services, for tests that seed data the UI cannot create (captures, detections).</summary>
    public IServiceProvider Services => _factory?.Services ?? throw new InvalidOperationException("The portal has not started.");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException(
                $"Chromium is not installed at {ChromiumPath}. Run the test command from the README, which installs it " +
                "(apt-get install -y chromium); the browser tests never download a browser.");

        _factory = new PortalFactory(_dataFolder);
        _factory.UseKestrel(0);
        _factory.StartServer();
        BaseAddress = BoundAddress(_factory.Services);

        // Two busy cores and a cold server: give the Blazor circuit room before an expectation gives up.
        Assertions.SetDefaultExpectTimeout(10_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>A DI scope in the seeded demo tenant, for tests that seed or check what the UI cannot show.</summary>
    public Task<AsyncServiceScope> DemoTenantScopeAsync(string purpose = "e2e-check") => DemoTenantScopeAsync(Services, purpose);

    /// <summary>The same, for a service provider the caller holds.</summary>
    public static async Task<AsyncServiceScope> DemoTenantScopeAsync(IServiceProvider services, string purpose)
    {
        Guid tenantId;
        await using (var platform = services.CreateAsyncScope())
            tenantId = (await platform.ServiceProvider.GetRequiredService<TenantProvisioning>().FindBySlugAsync(DemoSeeder.Slug))!.Id;
        return services.GetRequiredService<TenantScopeFactory>().CreateScope(tenantId, purpose);
    }

    /// <summary>A fresh browser context (own cookies, own circuit) with one page on the portal.</summary>
    public async Task<PortalPage> OpenPageAsync()
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
        });
        context.SetDefaultTimeout(15_000);
        return new PortalPage(context, await context.NewPageAsync());
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_factory is not null)
            await _factory.DisposeAsync();
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover folder under /tmp is harmless; never fail the run over clean-up.
        }
    }

    private static Uri BoundAddress(IServiceProvider services)
    {
        var addresses = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"Kestrel reported no http address (got: {string.Join(", ", addresses)}).");
        return new Uri(address);
    }

    private sealed class PortalFactory(string dataFolder) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder) =>
            builder.UseEnvironment("Development")
                .UseSetting("SHELFCLOUD_DATA", dataFolder)
                .UseSetting("Database:Provider", "Sqlite")
                .UseSetting("Demo:Seed", "true")
                .UseSetting("Demo:History", "false")
                .UseSetting("Logging:LogLevel:Default", "Warning");
    }
}
