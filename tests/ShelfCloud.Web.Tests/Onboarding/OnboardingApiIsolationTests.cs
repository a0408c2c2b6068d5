using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ShelfCloud.Web.Tests.Support;

namespace ShelfCloud.Web.Tests.Onboarding;

/// <summary>The onboarding API used as the demo tenant's admin never returns or changes another tenant's rows.</summary>
public sealed class OnboardingApiIsolationTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Guessed_ids_of_another_tenant_are_not_found()
    {
        var other = await portal.SeedOtherTenantAsync("other-ids");
        var admin = await portal.SignedInClientAsync(DemoUsers.TenantAdmin);

        (await admin.GetAsync($"/api/v1/stores/{other.StoreId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin.GetAsync($"/api/v1/shelves/{other.ShelfId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin.GetAsync($"/api/v1/cameras/{other.CameraId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin.PutAsJsonAsync($"/api/v1/stores/{other.StoreId}", new { name = "Hijacked" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin.PostAsJsonAsync("/api/v1/shelves", new { storeId = other.StoreId, name = "Planted" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin.PostAsJsonAsync("/api/v1/cameras", new { shelfId = other.ShelfId, name = "Planted" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin.PostAsync($"/api/v1/cameras/{other.CameraId}/regenerate-key", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin.DeleteAsync($"/api/v1/cameras/{other.CameraId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin.DeleteAsync($"/api/v1/shelves/{other.ShelfId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin.DeleteAsync($"/api/v1/stores/{other.StoreId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_tenant_parameter_in_the_query_is_ignored()
    {
        var other = await portal.SeedOtherTenantAsync("other-query");
        var admin = await portal.SignedInClientAsync(DemoUsers.TenantAdmin);

        var stores = await admin.GetStringAsync($"/api/v1/stores?tenantId={other.TenantId}&tenant=other-query");
        stores.ShouldNotContain(other.StoreId.ToString());
        stores.ShouldContain("Riverside Market");
        (await admin.GetStringAsync($"/api/v1/shelves?storeId={other.StoreId}")).ShouldBe("[]");
        (await admin.GetStringAsync($"/api/v1/cameras?shelfId={other.ShelfId}")).ShouldBe("[]");
    }

    [Fact]
    public async Task Pages_never_show_another_tenants_rows()
    {
        await portal.SeedOtherTenantAsync("other-pages");
        var admin = await portal.SignedInClientAsync(DemoUsers.TenantAdmin);
        foreach (var page in new[] { "/onboarding/stores", "/onboarding/shelves", "/onboarding/cameras", "/onboarding/users", "/onboarding/audit" })
        {
            var html = await admin.GetStringAsync(page);
            html.ShouldNotContain("Secret", customMessage: page);
            html.ShouldNotContain("other-pages", customMessage: page);
        }
        (await admin.GetStringAsync("/onboarding/stores")).ShouldContain("Riverside Market");
    }

    [Fact]
    public async Task A_new_camera_key_is_returned_once_and_never_listed()
    {
        var admin = await portal.SignedInClientAsync(DemoUsers.TenantAdmin);
        var shelves = await admin.GetFromJsonAsync<JsonElement>("/api/v1/shelves");
        var shelfId = shelves[0].GetProperty("id").GetGuid();

        var created = await admin.PostAsJsonAsync("/api/v1/cameras", new { shelfId, name = "api-cam-" + Guid.NewGuid().ToString("N")[..6] });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var issued = await created.Content.ReadFromJsonAsync<JsonElement>();
        var key = issued.GetProperty("apiKey").GetString()!;
        key.ShouldStartWith("sc_");

        var cameraId = issued.GetProperty("cameraId").GetGuid();
        (await admin.GetStringAsync($"/api/v1/cameras/{cameraId}")).ShouldNotContain(key);
        (await admin.GetStringAsync("/api/v1/cameras")).ShouldNotContain(key);
        (await admin.GetStringAsync("/onboarding/cameras")).ShouldNotContain(key);
    }

    [Fact]
    public async Task Invalid_input_gets_a_problem_with_the_reason_and_creates_nothing()
    {
        var admin = await portal.SignedInClientAsync(DemoUsers.TenantAdmin);
        var before = await admin.GetStringAsync("/api/v1/stores");

        var response = await admin.PostAsJsonAsync("/api/v1/stores", new { name = "   " });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadAsStringAsync()).ShouldContain("Store name is required.");
        (await admin.GetStringAsync("/api/v1/stores")).ShouldBe(before);

        var duplicate = await admin.PostAsJsonAsync("/api/v1/stores", new { name = "Riverside Market" });
        duplicate.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await duplicate.Content.ReadAsStringAsync()).ShouldContain("already exists");
    }
}
