using Microsoft.Extensions.DependencyInjection;

namespace ShelfCloud.Infrastructure.Share;

internal static class ShareServices
{
    /// <summary>Share of shelf and the viewer resolution it enforces.</summary>
    public static IServiceCollection AddShareOfShelf(this IServiceCollection services)
    {
        services.AddScoped<ShareAudience>();
        services.AddScoped<ShareOfShelfService>();
        return services;
    }
}
