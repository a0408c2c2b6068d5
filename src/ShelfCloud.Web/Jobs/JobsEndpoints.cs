using Hangfire;

namespace ShelfCloud.Web.Jobs;

/// <summary>The Hangfire dashboard at <c>/hangfire</c>, for platform admins only.</summary>
internal static class JobsEndpoints
{
    public const string DashboardPath = "/hangfire";

    public static IEndpointRouteBuilder MapJobsDashboard(this IEndpointRouteBuilder app)
    {
        app.MapHangfireDashboard(DashboardPath, new DashboardOptions
        {
            Authorization = [],
            AsyncAuthorization = [new HangfireDashboardAuthorization()],
            DashboardTitle = "ShelfCloud jobs",
            AppPath = "/jobs",
        });
        return app;
    }
}
