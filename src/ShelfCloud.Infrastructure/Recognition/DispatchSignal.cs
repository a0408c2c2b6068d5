using Hangfire;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ShelfCloud.Infrastructure.Recognition;

/// <summary>
/// Asks for a dispatcher run soon — after an upload, after a finished batch — without waiting for the next periodic
/// run. Kicks within a short window coalesce into one Hangfire job, enqueued at the window's end, so 200 uploads a
/// second cost a handful of dispatcher runs, and every capture saved before a kick is seen by the run it causes.
/// The job goes through Hangfire's storage, so a portal that runs no server still reaches the workers.
/// </summary>
public sealed class DispatchSignal(IBackgroundJobClient jobs, TimeProvider clock, IHostApplicationLifetime lifetime, ILogger<DispatchSignal> logger)
{
    /// <summary>How long kicks are gathered before one dispatcher run is enqueued.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(200);

    private int _scheduled;

    /// <summary>Requests a dispatcher run within <see cref="Window"/>; returns at once.</summary>
    public void Kick()
    {
        if (Interlocked.Exchange(ref _scheduled, 1) == 0)
            _ = EnqueueAfterWindowAsync();
    }

    private async Task EnqueueAfterWindowAsync()
    {
        try
        {
            await Task.Delay(Window, clock, lifetime.ApplicationStopping);
            // Reset before enqueueing: a kick arriving from here on schedules a run that starts after it.
            Volatile.Write(ref _scheduled, 0);
            jobs.Enqueue<CaptureDispatchJob>(job => job.RunAsync(CancellationToken.None));
        }
        catch (OperationCanceledException)
        {
            // Shutting down: the next start's dispatcher run picks the work up.
        }
        catch (Exception e)
        {
            Volatile.Write(ref _scheduled, 0);
            // The periodic run on the servers picks the work up; a lost kick only costs latency.
            logger.LogWarning(e, "Could not enqueue a dispatcher run");
        }
    }
}
