using System.Net;
using ShelfCloud.Web.Tests.Support;

namespace ShelfCloud.Web.Tests.Jobs;

/// <summary>The Hangfire dashboard is for platform admins only; the jobs page for tenant admins.</summary>
public sealed class JobsAccessTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DemoUsers.Anonymous, HttpStatusCode.Unauthorized)]
    [InlineData(DemoUsers.TenantAdmin, HttpStatusCode.Forbidden)]
    [InlineData(DemoUsers.StoreManager, HttpStatusCode.Forbidden)]
    [InlineData(DemoUsers.Annotator, HttpStatusCode.Forbidden)]
    [InlineData(DemoUsers.Supplier, HttpStatusCode.Forbidden)]
    [InlineData(DemoUsers.Platform, HttpStatusCode.OK)]
    public async Task The_hangfire_dashboard_admits_platform_admins_only(string user, HttpStatusCode expected)
    {
        var client = user == DemoUsers.Anonymous ? portal.NewClient() : await portal.SignedInClientAsync(user);

        var response = await client.GetAsync("/hangfire", Token);

        response.StatusCode.ShouldBe(expected);
        if (expected == HttpStatusCode.OK)
            (await response.Content.ReadAsStringAsync(Token)).ShouldContain("ShelfCloud jobs");
    }

    [Theory]
    [InlineData(DemoUsers.Anonymous, "/login")]
    [InlineData(DemoUsers.StoreManager, "/access-denied")]
    [InlineData(DemoUsers.Annotator, "/access-denied")]
    [InlineData(DemoUsers.Supplier, "/access-denied")]
    [InlineData(DemoUsers.Platform, "/access-denied")]
    [InlineData(DemoUsers.TenantAdmin, null)]
    public async Task The_jobs_page_is_for_tenant_admins(string user, string? redirect)
    {
        var client = user == DemoUsers.Anonymous ? portal.NewClient() : await portal.SignedInClientAsync(user);

        var response = await client.GetAsync("/jobs", Token);

        if (redirect is null)
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            var html = await response.Content.ReadAsStringAsync(Token);
            html.ShouldContain("Latest failures");
            html.ShouldContain("Reference images");
            html.ShouldContain("Ranker in use");
        }
        else
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            response.Headers.Location!.OriginalString.ShouldContain(redirect);
        }
    }
}
