using Microsoft.Extensions.DependencyInjection;

namespace ShelfCloud.Infrastructure.Indexing;

/// <summary>Reference-image and annotation indexing as a job.</summary>
public static class IndexingServices
{
    /// <summary>
    /// Registers the reference indexer, its job and the signal that kicks it; call after Hangfire is registered. Hosts
    /// without jobs (the CLI) have no signal, and reference uploads there leave indexing to the portal's dispatcher.
    /// </summary>
    public static IServiceCollection AddIndexingJobs(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<ReferenceIndexingSignal>();
        services.AddScoped<ReferenceIndexer>();
        services.AddTransient<ReferenceIndexingJob>();
        return services;
    }
}
