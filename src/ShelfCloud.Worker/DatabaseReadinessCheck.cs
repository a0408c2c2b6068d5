using Microsoft.EntityFrameworkCore;
using ShelfCloud.Infrastructure;
using ShelfCloud.Infrastructure.Data;

namespace ShelfCloud.Worker;

/// <summary>Stops the worker at start-up, with one clear log line, when the database is unreachable or not migrated.</summary>
internal sealed class DatabaseReadinessCheck(
    IServiceScopeFactory scopes, DataFolder data, ILogger<DatabaseReadinessCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<ShelfCloudDbContext>>().CreateDbContextAsync(cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
            throw new InvalidOperationException($"The database has {pending.Count} pending migration(s): run `shelfcloud migrate` before starting workers.");
        logger.LogInformation("ShelfCloud worker ready: data folder {DataFolder}, provider {Provider}", data.Path, db.Database.ProviderName);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
