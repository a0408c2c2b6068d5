using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ShelfCloud.Infrastructure.Recognition;

/// <summary>The recognition workflow's jobs: dispatch, claim, recognise, attempts and retry.</summary>
public static class RecognitionJobServices
{
    /// <summary>
    /// Registers the dispatcher, the claimer and the recognition jobs; with <paramref name="runDispatcher"/> (a host
    /// that runs a Hangfire server) also the periodic dispatch loop. Call after Hangfire is registered.
    /// </summary>
    public static IServiceCollection AddRecognitionJobs(this IServiceCollection services, bool runDispatcher)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<DispatchSignal>();
        services.AddSingleton<CaptureClaimer>();
        services.AddSingleton<CaptureDispatcher>();
        services.AddSingleton<LeaseHeartbeat>();
        services.TryAddSingleton<UploadPriority>();
        services.AddScoped<CaptureAttempts>();
        services.AddScoped<CaptureBatchRecognizer>();
        services.AddScoped<CaptureQualityStep>();
        services.AddScoped<FailedCaptureRetry>();
        services.AddTransient<CaptureDispatchJob>();
        services.AddTransient<RecognizeCapturesJob>();
        services.AddTransient<BackfillJob>();
        services.AddScoped<BackfillRequests>();
        if (runDispatcher)
        {
            services.AddHostedService<DispatchLoop>();
            services.AddHostedService<LeaseHeartbeatLoop>();
        }
        return services;
    }
}
