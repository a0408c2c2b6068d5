using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ShelfCloud.Infrastructure.Availability;

/// <summary>Runs <see cref="CaptureAnalysisSweep"/> every <see cref="AvailabilityOptions.SweepIntervalSeconds"/> in portal and worker hosts.</summary>
internal sealed class CaptureAnalysisSweepService(
    CaptureAnalysisSweep sweep, IOptions<AvailabilityOptions> options, TimeProvider clock, ILogger<CaptureAnalysisSweepService> logger)
    : BackgroundService
{
    private const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = options.Value.SweepIntervalSeconds;
        if (seconds <= 0)
            return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await SweepAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    private async Task SweepAsync(CancellationToken ct)
    {
        try
        {
            int analysed;
            do
            {
                analysed = await sweep.RunOnceAsync(BatchSize, ct);
                if (analysed > 0)
                    logger.LogInformation("Analysed {Count} capture(s) that had no availability figures yet", analysed);
            }
            while (analysed == BatchSize);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "The capture analysis sweep failed; it runs again in {Seconds} s", options.Value.SweepIntervalSeconds);
        }
    }
}
