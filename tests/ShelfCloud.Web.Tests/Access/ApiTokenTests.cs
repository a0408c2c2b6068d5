using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Infrastructure.Access;
using ShelfCloud.Infrastructure.Demo;
using ShelfCloud.Infrastructure.Onboarding;
using ShelfCloud.Infrastructure.Tenancy;
using ShelfCloud.Web.Tests.Support;

namespace ShelfCloud.Web.Tests.Access;

/// <summary>API tokens on the real portal: scopes decide what a token may do, in its own tenant only.</summary>
public sealed class ApiTokenTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_token_works_within_its_scopes_and_tenant_and_stops_when_revoked()
    {
        var other = await portal.SeedOtherTenantAsync("tokens-other");
        var read = await TokenAsync("reader", "read");
        var admin = await TokenAsync("admin", "admin");
        var catalog = await TokenAsync("catalog", "catalog");

        var reader = Client(read);
        (await reader.GetAsync("/api/v1/skus")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await reader.GetAsync("/api/v1/availability/events.csv")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await reader.GetAsync("/api/v1/stores")).StatusCode.ShouldBe(HttpStatusCode.Forbidden, "stores are for admins");
        (await reader.PostAsJsonAsync("/api/v1/stores", new { name = "Planted" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var administrator = Client(admin);
        var stores = await administrator.GetStringAsync("/api/v1/stores");
        stores.ShouldNotContain("Secret store of tokens-other");
        (await administrator.GetAsync($"/api/v1/stores/{other.StoreId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "another tenant's store does not exist for this token");
        (await administrator.PostAsJsonAsync("/api/v1/stores", new { name = "Made with a token" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var editor = Client(catalog);
        (await editor.GetAsync("/api/v1/stores")).StatusCode.ShouldBe(HttpStatusCode.Forbidden, "catalog scope is for the catalog's endpoints");
        var import = new MultipartFormDataContent { { new ByteArrayContent("code,name\nTOKEN-1,Made by token\n"u8.ToArray()), "file", "catalog.csv" } };
        (await editor.PostAsync("/api/v1/skus/import", import)).StatusCode.ShouldNotBe(HttpStatusCode.Forbidden);

        (await Client("sct_not-a-real-token").GetAsync("/api/v1/skus")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        await using (var scope = await DemoScopeAsync())
            (await scope.ServiceProvider.GetRequiredService<ApiTokens>().RevokeAsync("reader")).ShouldBeTrue();
        (await reader.GetAsync("/api/v1/skus")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "revoked");
        await using (var scope = await DemoScopeAsync())
        {
            var listed = await scope.ServiceProvider.GetRequiredService<ApiTokens>().ListAsync();
            listed.Single(t => t.Name == "admin").LastUsedAt.ShouldNotBeNull();
            listed.Single(t => t.Name == "reader").RevokedAt.ShouldNotBeNull();
        }
    }

    [Fact]
    public async Task A_token_needs_a_free_name_and_known_scopes()
    {
        await using var scope = await DemoScopeAsync();
        var tokens = scope.ServiceProvider.GetRequiredService<ApiTokens>();
        await tokens.CreateAsync("unique", ["read"]);

        (await Should.ThrowAsync<ApiTokenException>(() => tokens.CreateAsync("unique", ["read"]))).Message.ShouldContain("exists");
        (await Should.ThrowAsync<ApiTokenException>(() => tokens.CreateAsync("x", ["write"]))).Message.ShouldContain("write");
        (await Should.ThrowAsync<ApiTokenException>(() => tokens.CreateAsync("y", ["read"], DateTimeOffset.UtcNow.AddDays(-1)))).Message.ShouldContain("future");
    }

    private HttpClient Client(string token)
    {
        var client = portal.NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<string> TokenAsync(string name, string scope)
    {
        await using var tenant = await DemoScopeAsync();
        return (await tenant.ServiceProvider.GetRequiredService<ApiTokens>().CreateAsync(name, [scope])).Token;
    }

    private async Task<AsyncServiceScope> DemoScopeAsync()
    {
        Guid tenantId;
        await using (var platform = portal.Services.CreateAsyncScope())
            tenantId = (await platform.ServiceProvider.GetRequiredService<TenantProvisioning>().FindBySlugAsync(DemoSeeder.Slug))!.Id;
        return portal.Services.GetRequiredService<TenantScopeFactory>().CreateScope(tenantId, "test");
    }
}
