using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Hangfire.SqlServer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ShelfCloud.Infrastructure.Data;

namespace ShelfCloud.Infrastructure.Jobs;

/// <summary>Hangfire itself: storage, activator, filters, the server and the jobs page's progress reader. The jobs are registered by their features (Recognition, Indexing).</summary>
public static class JobServices
{
    /// <summary>
    /// Registers Hangfire on the storage of <c>Jobs:Storage</c>; with <c>Jobs:RunServer</c> (or
    /// <paramref name="alwaysRunServer"/>, the worker) also a Hangfire server. Returns whether this host runs a server.
    /// </summary>
    public static bool AddHangfireServices(this IHostApplicationBuilder builder, bool alwaysRunServer)
    {
        var services = builder.Services;
        services.AddOptions<JobOptions>().BindConfiguration(JobOptions.Section)
            .PostConfigure(o => o.RunServer |= alwaysRunServer)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JobOptions>, JobOptionsValidator>());

        // Storage, activator and filters per host, registered before AddHangfire so that its static defaults
        // (JobStorage.Current, GlobalJobFilters) are never shared between hosts in one process.
        services.AddSingleton(CreateStorage);
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddSingleton(sp => JobFilters.Create(sp.GetRequiredService<IOptions<JobOptions>>().Value));
        services.AddHangfire((sp, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HostLogProvider(sp.GetRequiredService<ILoggerFactory>())));

        services.AddScoped<JobProgressReader>();

        var runsServer = alwaysRunServer || builder.Configuration.GetValue($"{JobOptions.Section}:{nameof(JobOptions.RunServer)}", true);
        if (runsServer)
        {
            services.AddHangfireServer((sp, server) =>
            {
                var options = sp.GetRequiredService<IOptions<JobOptions>>().Value;
                server.WorkerCount = options.WorkerCount;
                server.Queues = JobQueues.All;
                server.SchedulePollingInterval = TimeSpan.FromSeconds(options.SchedulePollingSeconds);
                server.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
            });
        }

        return runsServer;
    }

    private static JobStorage CreateStorage(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<JobOptions>>().Value;
        return options.Storage switch
        {
            JobStorageKind.InMemory => new InMemoryStorage(),
            JobStorageKind.SqlServer => new SqlServerStorage(
                options.SqlServer.ConnectionString ?? services.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString,
                new SqlServerStorageOptions { PrepareSchemaIfNecessary = true, QueuePollInterval = TimeSpan.FromSeconds(1) }),
            _ => throw new OptionsValidationException(JobOptions.Section, typeof(JobOptions), [$"Unknown job storage '{options.Storage}'."]),
        };
    }

    /// <summary>Reports every problem of the settings by name.</summary>
    private sealed class JobOptionsValidator(IOptions<DatabaseOptions> database) : IValidateOptions<JobOptions>
    {
        public ValidateOptionsResult Validate(string? name, JobOptions options)
        {
            var problems = options.Problems(database.Value.ConnectionString).ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
