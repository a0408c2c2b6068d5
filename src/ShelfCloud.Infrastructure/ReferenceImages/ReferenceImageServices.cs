using Microsoft.Extensions.DependencyInjection;

namespace ShelfCloud.Infrastructure.ReferenceImages;

internal static class ReferenceImageServices
{
    /// <summary>Reference image uploads and reads; indexing is a job (<c>AddJobServices</c>).</summary>
    public static IServiceCollection AddReferenceImages(this IServiceCollection services)
    {
        services.AddScoped<ReferenceImageUploads>();
        services.AddScoped<ReferenceImageFiles>();
        return services;
    }
}
