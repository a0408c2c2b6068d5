using Microsoft.Extensions.DependencyInjection;

namespace ShelfCloud.Infrastructure.Captures;

internal static class CaptureServices
{
    /// <summary>Capture ingestion and reading; <c>Ingestion:*</c> validated at start-up.</summary>
    public static IServiceCollection AddCaptureIngestion(this IServiceCollection services)
    {
        services.AddOptions<IngestionOptions>().BindConfiguration(IngestionOptions.Section)
            .Validate(o => o.PermitsPerWindow > 0, "Ingestion:PermitsPerWindow must be at least 1.")
            .Validate(o => o.WindowSeconds > 0, "Ingestion:WindowSeconds must be at least 1.")
            .ValidateOnStart();
        services.AddSingleton<CaptureImageInspector>();
        services.AddSingleton<CaptureRowWriter>();
        services.AddScoped<CaptureIngestor>();
        services.AddScoped<CaptureReader>();
        return services;
    }
}
