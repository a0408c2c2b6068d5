using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Infrastructure.Demo;
using ShelfCloud.Infrastructure.Onboarding;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Web.Tests.Support;

/// <summary>The real portal over a fresh SQLite data folder, migrated and seeded with the demo tenant.</summary>
public sealed partial class PortalFactory : WebApplicationFactory<Program>
{
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "shelfcloud-web-tests", Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("SHELFCLOUD_DATA", _dataFolder);
        builder.UseSetting("Database:MigrateOnStartup", "true");
        builder.UseSetting("Demo:Seed", "true");
        // No job server: captures stay as the tests left them. Tests of the jobs start one (JobsPortal).
        builder.UseSetting("Jobs:RunServer", "false");
        builder.UseSetting("Demo:History", "false"); // rendering weeks of synthetic photos is for people, not for every test
        // The test clients talk plain http://localhost; SameOriginGuardTests checks the Secure flag of the default.
        builder.UseSetting("Portal:SecureCookies", UseSecureCookies ? "true" : "false");
    }

    /// <summary>Leave the sign-in cookie's Secure flag at the portal's default (on outside Development).</summary>
    public bool UseSecureCookies { get; init; }

    public HttpClient NewClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Signs in through the real login form (antiforgery token included) and returns the cookie-carrying client.</summary>
    public async Task<HttpClient> SignedInClientAsync(string email, string password = DemoSeeder.Password)
    {
        var client = NewClient();
        var response = await PostLoginAsync(client, email, password);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldNotStartWith("/login", customMessage: $"sign-in as {email} failed");
        return client;
    }

    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password)
    {
        var form = new Dictionary<string, string>
        {
            ["email"] = email, ["password"] = password, ["returnUrl"] = "/",
            ["__RequestVerificationToken"] = await AntiforgeryTokenAsync(client, "/login"),
        };
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(form));
    }

    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page);
        return AntiforgeryInput().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value)
            : throw new InvalidOperationException($"No antiforgery token on {page}.");
    }

    /// <summary>Creates another tenant with a store, shelf and camera directly through the services.</summary>
    public async Task<(Guid TenantId, Guid StoreId, Guid ShelfId, Guid CameraId)> SeedOtherTenantAsync(string slug)
    {
        await using var platform = Services.CreateAsyncScope();
        var tenant = await platform.ServiceProvider.GetRequiredService<TenantProvisioning>().CreateAsync(slug, "Other " + slug);
        await using var scope = Services.GetRequiredService<TenantScopeFactory>().CreateScope(tenant.Id);
        var store = await scope.ServiceProvider.GetRequiredService<StoreOnboarding>().CreateAsync(new StoreInput("Secret store of " + slug));
        var shelf = await scope.ServiceProvider.GetRequiredService<ShelfOnboarding>().CreateAsync(new ShelfInput(store, "Secret shelf"));
        var camera = await scope.ServiceProvider.GetRequiredService<CameraOnboarding>().CreateAsync(new CameraInput(shelf, "Secret camera"));
        return (tenant.Id, store, shelf, camera.CameraId);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataFolder, recursive: true); }
        catch (IOException) { /* a leftover temp folder is harmless */ }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryInput();
}
