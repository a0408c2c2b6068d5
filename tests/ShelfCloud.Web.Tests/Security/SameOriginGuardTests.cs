using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ShelfCloud.Infrastructure.Demo;
using ShelfCloud.TestSupport;
using ShelfCloud.Web.Tests.Captures;
using ShelfCloud.Web.Tests.Support;

namespace ShelfCloud.Web.Tests.Security;

/// <summary>
/// <c>SameOriginGuard</c>: a signed-in user's cookie does not make a request from another origin of the same site
/// (another port, another subdomain) act. The browser test <c>CrossOriginTests</c> posts from a real page; these
/// tests pin the header rules.
/// </summary>
public sealed partial class SameOriginGuardTests(IngestionPortal portal) : IClassFixture<IngestionPortal>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<string, string, bool> Headers() => new()
    {
        { "Sec-Fetch-Site", "same-site", false },
        { "Sec-Fetch-Site", "cross-site", false },
        { "Sec-Fetch-Site", "same-origin", true },
        { "Origin", "http://localhost:5999", false },
        { "Origin", "null", false },
        { "Origin", "http://localhost", true },
    };

    [Theory]
    [MemberData(nameof(Headers))]
    public async Task A_cookie_authenticated_post_acts_only_from_the_portals_own_origin(string header, string value, bool acts)
    {
        var camera = await portal.NewDemoCameraAsync();
        var admin = await portal.SignedInClientAsync(DemoUsers.TenantAdmin);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/cameras/{camera.CameraId}/regenerate-key");
        request.Headers.Add(header, value);

        var response = await admin.SendAsync(request, Token);

        if (acts)
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            return;
        }

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("reason").GetString().ShouldBe("cross_origin_request");
        var upload = await portal.CameraClient(camera.ApiKey).PostAsync("/api/v1/captures", IngestionPortal.Raw(TestImages.Jpeg()), Token);
        upload.StatusCode.ShouldBe(HttpStatusCode.Accepted, "the camera's key must still work");
    }

    [Fact]
    public async Task Sign_out_from_another_origin_is_refused_and_the_session_stays()
    {
        var admin = await portal.SignedInClientAsync(DemoUsers.TenantAdmin);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/logout");
        request.Headers.Add("Sec-Fetch-Site", "same-site");

        (await admin.SendAsync(request, Token)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await admin.GetAsync("/api/v1/stores", Token)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_camera_key_is_exempt_whatever_the_page_says()
    {
        var camera = await portal.NewCameraAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/captures") { Content = IngestionPortal.Raw(TestImages.Jpeg()) };
        request.Headers.Add("X-Api-Key", camera.ApiKey);
        request.Headers.Add("Sec-Fetch-Site", "cross-site");

        (await portal.NewClient().SendAsync(request, Token)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task Outside_development_the_sign_in_cookie_is_secure()
    {
        await using var production = new PortalFactory { UseSecureCookies = true };
        var client = production.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        var page = await client.GetAsync("/login", Token);
        var antiforgeryCookie = page.Headers.GetValues("Set-Cookie").First().Split(';')[0];
        var token = AntiforgeryToken().Match(await page.Content.ReadAsStringAsync(Token)).Groups[1].Value;
        using var login = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["email"] = DemoUsers.TenantAdmin, ["password"] = DemoSeeder.Password, ["returnUrl"] = "/",
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            }),
        };
        login.Headers.Add("Cookie", antiforgeryCookie);

        var response = await client.SendAsync(login, Token);

        var auth = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("shelfcloud.auth=", StringComparison.Ordinal));
        auth.ShouldContain("secure", Case.Insensitive);
        auth.ShouldContain("httponly", Case.Insensitive);
    }

    [System.Text.RegularExpressions.GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial System.Text.RegularExpressions.Regex AntiforgeryToken();
}
