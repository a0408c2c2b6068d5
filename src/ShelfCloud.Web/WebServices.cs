using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Identity;
using MudBlazor.Services;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Web.Access;
using ShelfCloud.Infrastructure.Demo;
using ShelfCloud.Web.Captures;
using ShelfCloud.Web.Tenancy;

namespace ShelfCloud.Web;

public static class WebServices
{
    /// <summary>The largest request body an endpoint accepts unless it raises its own limit.</summary>
    public const long DefaultMaxBodyBytes = 1024 * 1024;

    /// <summary>Portal: Blazor Server + MudBlazor, cookie sign-in, policies, health, OpenAPI.</summary>
    public static IHostApplicationBuilder AddWebServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddCascadingAuthenticationState();
        services.AddScoped<CircuitHandler, TenantCircuitHandler>();

        var authentication = services.AddAuthentication(ApiTokenAuthenticationServices.Selector);
        authentication.AddIdentityCookies();
        authentication.AddApiTokens();
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

        // Every body is bounded while it is read; endpoints that take files raise their own limit (captures and reference
        // images 25 MB, catalog import 10 MB). JSON, forms and everything else: 1 MB.
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = DefaultMaxBodyBytes);
        // Refusals the framework answers itself (a body over its limit while binding JSON, unreadable JSON, an unknown
        // route) get a reason code like the product's own problems.
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions.TryAdd("reason", ReasonOf(context.ProblemDetails.Status)));
        services.AddOpenApi();
        services.AddCaptureApi();
        if (builder.Configuration.GetValue(DemoDataOptions.Section + ":Seed", builder.Environment.IsDevelopment()))
            services.AddHostedService<Demo.DemoHistoryService>();
        services.AddHealthChecks().AddDbContextCheck<ShelfCloudDbContext>("database");
        return builder;
    }

    private static string ReasonOf(int? status) => status switch
    {
        StatusCodes.Status400BadRequest => "bad_request",
        StatusCodes.Status401Unauthorized => "unauthorized",
        StatusCodes.Status403Forbidden => "forbidden",
        StatusCodes.Status404NotFound => "not_found",
        StatusCodes.Status405MethodNotAllowed => "method_not_allowed",
        StatusCodes.Status413PayloadTooLarge => "request_too_large",
        StatusCodes.Status415UnsupportedMediaType => "unsupported_media_type",
        StatusCodes.Status429TooManyRequests => "too_many_requests",
        >= 500 => "internal_error",
        _ => "refused",
    };

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
