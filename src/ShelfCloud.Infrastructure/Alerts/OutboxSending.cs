using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ShelfCloud.Infrastructure.Alerts;

/// <summary>Sends what an outbox holds when it is due (webhook deliveries, alert mails).</summary>
public interface IOutboxSender
{
    /// <summary>What it sends, for the log.</summary>
    string Name { get; }

    /// <summary>How long the loop waits between two runs when nothing wakes it.</summary>
    TimeSpan Interval { get; }

    /// <summary>Wakes it before <see cref="Interval"/> ends.</summary>
    WakeUp WakeUp { get; }

    Task<int> SendDueAsync(CancellationToken ct = default);
}

/// <summary>
/// A wake-up call for a sender's loop: rung when something was queued on this node (harmless before the commit: the
/// sender reads rows when they are due), waited on with a timeout.
/// </summary>
public sealed class WakeUp
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Ring()
    {
        if (_signal.CurrentCount > 0)
            return;
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already rung.
        }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}

/// <summary>A sender's loop on hosts that run jobs: sends what is due, then waits for the interval or a wake-up call.</summary>
internal sealed class OutboxSenderLoop<TSender>(TSender sender, ILogger<OutboxSenderLoop<TSender>> logger) : BackgroundService
    where TSender : IOutboxSender
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await sender.SendDueAsync(stoppingToken);
                await sender.WakeUp.WaitAsync(sender.Interval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "{Sender} failed; trying again", sender.Name);
                await Task.Delay(sender.Interval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
