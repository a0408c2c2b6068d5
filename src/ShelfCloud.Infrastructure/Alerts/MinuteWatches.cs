using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Infrastructure.Alerts;

/// <summary>Something checked once a minute on job hosts (cameras going offline, alert rules coming due).</summary>
public interface IMinuteWatch
{
    /// <summary>What it checks, for the log.</summary>
    string Name { get; }

    /// <summary>Checks every tenant; returns how many alerts it raised.</summary>
    Task<int> CheckAsync(CancellationToken ct = default);
}

/// <summary>Runs a watch's check inside each tenant's own scope, for the tenants a platform query named.</summary>
public sealed class TenantSweep(TenantScopeFactory tenantScopes)
{
    public async Task<int> ForEachAsync(IEnumerable<Guid> tenants, string purpose, Func<IServiceProvider, Task<int>> check)
    {
        ArgumentNullException.ThrowIfNull(tenants);
        var total = 0;
        foreach (var tenantId in tenants)
        {
            await using var scope = tenantScopes.CreateScope(tenantId, purpose);
            total += await check(scope.ServiceProvider);
        }

        return total;
    }
}

/// <summary>The loop on hosts that run jobs: every registered <see cref="IMinuteWatch"/> once a minute; one failing does not stop the others.</summary>
internal sealed class MinuteWatchLoop(IEnumerable<IMinuteWatch> watches, ILogger<MinuteWatchLoop> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            do
            {
                foreach (var watch in watches)
                {
                    try
                    {
                        await watch.CheckAsync(stoppingToken);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        logger.LogWarning(e, "{Watch} failed; trying again in a minute", watch.Name);
                    }
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}

/// <summary>Registration of the minute watches and their loop.</summary>
public static class MinuteWatchServices
{
    public static IServiceCollection AddMinuteWatchLoop(this IServiceCollection services) => services.AddHostedService<MinuteWatchLoop>();
}
