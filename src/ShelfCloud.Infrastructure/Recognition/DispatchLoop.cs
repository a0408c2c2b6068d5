using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ShelfCloud.Infrastructure.Jobs;

namespace ShelfCloud.Infrastructure.Recognition;

/// <summary>
/// On every node that runs a Hangfire server: runs the dispatcher at start-up — pending work resumes at once, whatever
/// the job storage lost — and then every <see cref="JobOptions.DispatchIntervalSeconds"/>. Runs in-process rather than
/// as a Hangfire recurring job, so the storage does not fill with a dispatcher job every few seconds.
/// </summary>
internal sealed class DispatchLoop(CaptureDispatcher dispatcher, IOptions<JobOptions> options, TimeProvider clock, ILogger<DispatchLoop> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.DispatchIntervalSeconds), clock);
        try
        {
            do
            {
                try
                {
                    await dispatcher.DispatchAsync(stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(e, "Dispatcher run failed; trying again in {Seconds} s", options.Value.DispatchIntervalSeconds);
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
