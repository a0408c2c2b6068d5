using Scalar.AspNetCore;
using ShelfCloud.Infrastructure;
using ShelfCloud.Infrastructure.Jobs;
using ShelfCloud.Web;
using ShelfCloud.Web.Account;
using ShelfCloud.Web.Analytics;
using ShelfCloud.Web.Captures;
using ShelfCloud.Web.Catalog;
using ShelfCloud.Web.Components;
using ShelfCloud.Web.Exports;
using ShelfCloud.Web.Jobs;
using ShelfCloud.Web.Onboarding;
using ShelfCloud.Web.ReferenceImages;
using ShelfCloud.Web.Security;
using ShelfCloud.Web.Shelves;
using ShelfCloud.Web.Tenancy;

var builder = WebApplication.CreateBuilder(args);
builder.AddInfrastructureServices();
builder.AddWebServices();
builder.AddJobServices();

var app = builder.Build();
await app.PrepareDatabaseAsync();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
    app.UseHsts();
}
app.UseMiddleware<FailureProblems>();
app.UseStatusCodePages();
app.UseStaticFiles();
app.UseMiddleware<SameOriginGuard>();
app.UseAuthentication();
app.UseMiddleware<ShelfCloud.Web.Access.ApiTokenScopeGuard>();
app.UseMiddleware<TenantResolutionMiddleware>();
app.UseAuthorization();
app.UseRateLimiter();
app.UseAntiforgery();

app.MapHealthChecks("/health");
app.MapOpenApi();
app.MapScalarApiReference("/api/docs");
app.MapAccountEndpoints();
app.MapOnboardingEndpoints();
app.MapCatalogEndpoints();
app.MapCapturePhotoEndpoints();
app.MapCaptureEndpoints();
app.MapAnalyticsEndpoints();
app.MapExportEndpoints();
app.MapReferenceImageEndpoints();
app.MapJobsDashboard();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Run();

/// <summary>Entry point; public so WebApplicationFactory-based tests can host the portal.</summary>
public partial class Program;
