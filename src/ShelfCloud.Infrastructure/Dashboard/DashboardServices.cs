using Microsoft.Extensions.DependencyInjection;

namespace ShelfCloud.Infrastructure.Dashboard;

internal static class DashboardServices
{
    /// <summary>The overview page's figures.</summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services) => services.AddScoped<DashboardSummary>();
}
