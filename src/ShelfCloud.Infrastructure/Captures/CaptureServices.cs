using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ShelfCloud.Infrastructure.Recognition;

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
        services.TryAddSingleton<UploadPriority>(); // uploads note themselves; recognition in this process yields to them
        services.AddScoped<CaptureReader>();
        return services;
    }
}
