using ShelfCloud.Infrastructure;
using ShelfCloud.Infrastructure.Jobs;

namespace ShelfCloud.Worker;

/// <summary>
/// The headless process for GPU nodes: the same infrastructure and jobs as the portal (database, data folder, a Hangfire
/// server with the dispatcher), no UI. It refuses to start against a database that is not migrated, so a worker never
/// runs on a schema it does not know.
/// </summary>
public static class WorkerHost
{
    /// <param name="args">Command-line arguments.</param>
    /// <param name="settings">Configuration that wins over files and environment (tests); read before services are added.</param>
    public static HostApplicationBuilder CreateBuilder(string[] args, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(args);
        if (settings is not null)
            builder.Configuration.AddInMemoryCollection(settings);
        builder.AddInfrastructureServices();
        builder.Services.AddHostedService<DatabaseReadinessCheck>();
        // After the readiness check: hosted services start in order, so no job runs on an unmigrated database.
        builder.AddJobServices(alwaysRunServer: true);
        return builder;
    }
}
