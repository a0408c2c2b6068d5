using System.Net.Http.Json;
using System.Net;
using ShelfCloud.Web.Tests.Support;

namespace ShelfCloud.Web.Tests.Authorization;

/// <summary>Each role × each page and endpoint of the foundation → allowed or denied as designed.</summary>
public sealed class AuthorizationMatrixTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    public enum Outcome { Allowed, SignIn, Denied }

    private static readonly string[] OnboardingPages =
        ["/onboarding/stores", "/onboarding/shelves", "/onboarding/cameras", "/onboarding/users", "/onboarding/audit", "/settings/recognition", "/settings/webhooks", "/inbox", "/settings/alert-rules", "/catalog/new"];

    private static readonly string[] CatalogPages = ["/catalog", "/catalog/import"];

    private static readonly string[] AvailabilityPages = ["/availability", $"/availability/shelves/{Guid.NewGuid()}", "/cameras/health", "/notifications", "/settings/alerts", "/evidence"];

    public static TheoryData<string, string, Outcome> PageMatrix()
    {
        var data = new TheoryData<string, string, Outcome>();
        foreach (var page in AvailabilityPages.Append("/share"))
        {
            data.Add(DemoUsers.Anonymous, page, Outcome.SignIn);
            data.Add(DemoUsers.Platform, page, Outcome.Denied); // no tenant chosen
            data.Add(DemoUsers.TenantAdmin, page, Outcome.Allowed);
            data.Add(DemoUsers.StoreManager, page, Outcome.Allowed);
            data.Add(DemoUsers.Annotator, page, Outcome.Denied);
            data.Add(DemoUsers.Supplier, page, page == "/share" ? Outcome.Allowed : Outcome.Denied);
        }
        foreach (var page in CatalogPages)
        {
            data.Add(DemoUsers.Anonymous, page, Outcome.SignIn);
            data.Add(DemoUsers.Platform, page, Outcome.Denied);
            data.Add(DemoUsers.TenantAdmin, page, Outcome.Allowed);
            data.Add(DemoUsers.StoreManager, page, page == "/catalog/import" ? Outcome.Denied : Outcome.Allowed);
            data.Add(DemoUsers.Annotator, page, page == "/catalog/import" ? Outcome.Denied : Outcome.Allowed);
            data.Add(DemoUsers.Supplier, page, Outcome.Denied);
        }
        foreach (var page in OnboardingPages.Append("/").Append("/platform/tenants"))
        {
            data.Add(DemoUsers.Anonymous, page, Outcome.SignIn);
            data.Add(DemoUsers.Platform, page, page is "/" or "/platform/tenants" ? Outcome.Allowed : Outcome.Denied);
            data.Add(DemoUsers.TenantAdmin, page, page == "/platform/tenants" ? Outcome.Denied : Outcome.Allowed);
            foreach (var user in new[] { DemoUsers.StoreManager, DemoUsers.Annotator, DemoUsers.Supplier })
                data.Add(user, page, page == "/" ? Outcome.Allowed : Outcome.Denied);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(PageMatrix))]
    public async Task Page_access_follows_the_role(string user, string page, Outcome expected)
    {
        var client = user == DemoUsers.Anonymous ? portal.NewClient() : await portal.SignedInClientAsync(user);
        var response = await client.GetAsync(page);
        var actual = response.StatusCode switch
        {
            HttpStatusCode.OK => Outcome.Allowed,
            HttpStatusCode.Redirect when response.Headers.Location!.OriginalString.Contains("/login") => Outcome.SignIn,
            HttpStatusCode.Redirect when response.Headers.Location!.OriginalString.Contains("/access-denied") => Outcome.Denied,
            var other => throw new InvalidOperationException($"Unexpected {other} for {page}"),
        };
        actual.ShouldBe(expected, $"{(user == "" ? "anonymous" : user)} → {page}");
    }

    public static TheoryData<string, string, string, HttpStatusCode> EndpointMatrix()
    {
        var data = new TheoryData<string, string, string, HttpStatusCode>();
        foreach (var (method, path) in new[] { ("GET", "/api/v1/stores"), ("GET", "/api/v1/shelves"), ("GET", "/api/v1/cameras"), ("POST", "/api/v1/stores") })
        {
            data.Add(DemoUsers.Anonymous, method, path, HttpStatusCode.Unauthorized);
            data.Add(DemoUsers.Platform, method, path, HttpStatusCode.Forbidden);
            data.Add(DemoUsers.StoreManager, method, path, HttpStatusCode.Forbidden);
            data.Add(DemoUsers.Annotator, method, path, HttpStatusCode.Forbidden);
            data.Add(DemoUsers.Supplier, method, path, HttpStatusCode.Forbidden);
            data.Add(DemoUsers.TenantAdmin, method, path, method == "GET" ? HttpStatusCode.OK : HttpStatusCode.Created);
        }
        foreach (var path in new[] { "/api/v1/availability/events.csv", "/api/v1/availability/totals.csv", "/api/v1/exports/detections.csv", "/api/v1/share.csv" })
        {
            data.Add(DemoUsers.Anonymous, "GET", path, HttpStatusCode.Unauthorized);
            data.Add(DemoUsers.Platform, "GET", path, HttpStatusCode.Forbidden);
            data.Add(DemoUsers.TenantAdmin, "GET", path, HttpStatusCode.OK);
            data.Add(DemoUsers.StoreManager, "GET", path, HttpStatusCode.OK);
            data.Add(DemoUsers.Annotator, "GET", path, HttpStatusCode.Forbidden);
            data.Add(DemoUsers.Supplier, "GET", path, path.EndsWith("share.csv", StringComparison.Ordinal) ? HttpStatusCode.OK : HttpStatusCode.Forbidden);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EndpointMatrix))]
    public async Task Endpoint_access_follows_the_role(string user, string method, string path, HttpStatusCode expected)
    {
        var client = user == DemoUsers.Anonymous ? portal.NewClient() : await portal.SignedInClientAsync(user);
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
            request.Content = JsonContent.Create(new { name = "Matrix store " + Guid.NewGuid() });
        (await client.SendAsync(request)).StatusCode.ShouldBe(expected, $"{(user == "" ? "anonymous" : user)} {method} {path}");
    }

    [Fact]
    public async Task Health_is_public_and_checks_the_database()
    {
        var response = await portal.NewClient().GetAsync("/health");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("Healthy");
    }

    [Fact]
    public async Task Only_platform_admins_can_choose_a_tenant()
    {
        var client = await portal.SignedInClientAsync(DemoUsers.TenantAdmin);
        var token = await PortalFactory.AntiforgeryTokenAsync(client, "/");
        var response = await client.PostAsync("/account/tenant", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["tenantId"] = Guid.NewGuid().ToString(), ["__RequestVerificationToken"] = token,
        }));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldContain("/access-denied");
    }
}
