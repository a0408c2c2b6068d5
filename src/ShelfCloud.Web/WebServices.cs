using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Identity;
using MudBlazor.Services;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Demo;
using ShelfCloud.Web.Captures;
using ShelfCloud.Web.Tenancy;

namespace ShelfCloud.Web;

public static class WebServices
{
    /// <summary>Portal: Blazor Server + MudBlazor, cookie sign-in, policies, health, OpenAPI.</summary>
    public static IHostApplicationBuilder AddWebServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddCascadingAuthenticationState();
        services.AddScoped<CircuitHandler, TenantCircuitHandler>();

        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = "/login";
            cookie.AccessDeniedPath = "/access-denied";
            cookie.Cookie.Name = "shelfcloud.auth";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            // Secure outside Development: the sign-in cookie never travels over plain HTTP in production.
            var secure = builder.Configuration.GetValue("Portal:SecureCookies", !builder.Environment.IsDevelopment());
            cookie.Cookie.SecurePolicy = secure ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            cookie.SlidingExpiration = true;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.Events.OnRedirectToLogin = ApiAware(StatusCodes.Status401Unauthorized, cookie.Events.OnRedirectToLogin);
            cookie.Events.OnRedirectToAccessDenied = ApiAware(StatusCodes.Status403Forbidden, cookie.Events.OnRedirectToAccessDenied);
        });
        services.AddAuthorizationBuilder().AddShelfCloudPolicies();

        services.AddProblemDetails();
        services.AddOpenApi();
        services.AddCaptureApi();
        if (builder.Configuration.GetValue(DemoDataOptions.Section + ":Seed", builder.Environment.IsDevelopment()))
            services.AddHostedService<Demo.DemoHistoryService>();
        services.AddHealthChecks().AddDbContextCheck<ShelfCloudDbContext>("database");
        return builder;
    }

    /// <summary>APIs answer 401/403; pages redirect to the sign-in or access-denied page.</summary>
    private static Func<Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>, Task> ApiAware(
        int status, Func<Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>, Task> redirect) =>
        context =>
        {
            if (!context.Request.Path.StartsWithSegments("/api"))
                return redirect(context);
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        };
}
