using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using ShelfCloud.Infrastructure.Recognition;

namespace ShelfCloud.Infrastructure.Learning;

/// <summary>Learning from annotators: the decisions log, the learning run and its jobs.</summary>
public static class LearningServices
{
    /// <summary>The decisions log, the ranker source and the learning run (no jobs): every host with a database.</summary>
    public static IServiceCollection AddLearningCore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<RankerSource>();
        services.AddScoped<AnnotatorDecisions>();
        services.AddScoped<LearningFromAnnotators>();
        return services;
    }

    /// <summary>The settings page's service and the jobs; with <paramref name="schedule"/> also the daily job for every tenant (03:30 UTC).</summary>
    public static IServiceCollection AddLearningFromAnnotators(this IServiceCollection services, bool schedule)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddScoped<RecognitionSettings>();
        services.AddTransient<LearningJob>();
        if (schedule)
            services.AddHostedService<LearningSchedule>();
        return services;
    }

    /// <summary>Registers the daily job at start-up (idempotent: the job id is fixed).</summary>
    private sealed class LearningSchedule(IRecurringJobManager recurring) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            recurring.AddOrUpdate<LearningJob>(LearningJob.RecurringJobId, job => job.RunForEveryTenantAsync(CancellationToken.None), "30 3 * * *");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
