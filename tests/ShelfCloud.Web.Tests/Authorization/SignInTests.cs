using Microsoft.Extensions.DependencyInjection;
using System.Net;
using ShelfCloud.Web.Tests.Support;

namespace ShelfCloud.Web.Tests.Authorization;

public sealed class SignInTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Wrong_password_returns_to_the_login_page_with_an_error()
    {
        var response = await PortalFactory.PostLoginAsync(portal.NewClient(), DemoUsers.Annotator, "wrong-password");
        response.Headers.Location!.OriginalString.ShouldStartWith("/login?error=invalid");
    }

    [Fact]
    public async Task Five_failed_attempts_lock_the_account_even_for_the_right_password()
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var tenant = (await scope.ServiceProvider.GetRequiredService<ShelfCloud.Infrastructure.Onboarding.TenantProvisioning>().FindBySlugAsync("demo"))!;
        await using (var inTenant = portal.Services.GetRequiredService<ShelfCloud.Infrastructure.Tenancy.TenantScopeFactory>().CreateScope(tenant.Id))
        {
            await inTenant.ServiceProvider.GetRequiredService<ShelfCloud.Infrastructure.Identity.TenantUsers>().CreateAsync(
                new("lockme@demo.shelfcloud.test", "Lock me", "Right!2345", "Annotator"));
        }
        for (var i = 0; i < 5; i++)
            await PortalFactory.PostLoginAsync(portal.NewClient(), "lockme@demo.shelfcloud.test", "wrong");

        var response = await PortalFactory.PostLoginAsync(portal.NewClient(), "lockme@demo.shelfcloud.test", "Right!2345");
        response.Headers.Location!.OriginalString.ShouldStartWith("/login?error=locked");
    }

    [Fact]
    public async Task Sign_out_ends_the_session()
    {
        var client = await portal.SignedInClientAsync(DemoUsers.TenantAdmin);
        (await client.GetAsync("/onboarding/stores")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var token = await PortalFactory.AntiforgeryTokenAsync(client, "/");
        await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        (await client.GetAsync("/onboarding/stores")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Return_url_to_another_site_is_not_followed()
    {
        var client = portal.NewClient();
        var form = new Dictionary<string, string>
        {
            ["email"] = DemoUsers.TenantAdmin, ["password"] = "Demo!2345", ["returnUrl"] = "//evil.example/steal",
            ["__RequestVerificationToken"] = await PortalFactory.AntiforgeryTokenAsync(client, "/login"),
        };
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(form));
        response.Headers.Location!.OriginalString.ShouldBe("/");
    }

    [Fact]
    public async Task Platform_admin_works_in_a_tenant_only_after_choosing_it_and_the_choice_is_audited()
    {
        var client = await portal.SignedInClientAsync(DemoUsers.Platform);
        (await client.GetAsync("/onboarding/stores")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        await using var scope = portal.Services.CreateAsyncScope();
        var demo = (await scope.ServiceProvider.GetRequiredService<ShelfCloud.Infrastructure.Onboarding.TenantProvisioning>().FindBySlugAsync("demo"))!;
        var token = await PortalFactory.AntiforgeryTokenAsync(client, "/platform/tenants");
        var choose = await client.PostAsync("/account/tenant", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["tenantId"] = demo.Id.ToString(), ["__RequestVerificationToken"] = token,
        }));
        choose.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        (await client.GetAsync("/onboarding/stores")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var audit = await client.GetStringAsync("/onboarding/audit");
        audit.ShouldContain("tenant.entered");
        audit.ShouldContain(DemoUsers.Platform);
    }
}
