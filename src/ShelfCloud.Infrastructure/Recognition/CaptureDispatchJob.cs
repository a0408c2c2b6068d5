using Hangfire;
using ShelfCloud.Infrastructure.Jobs;

namespace ShelfCloud.Infrastructure.Recognition;

/// <summary>Hangfire job: one dispatcher run, enqueued by <see cref="DispatchSignal"/>. Not retried: the next periodic run does the same.</summary>
public sealed class CaptureDispatchJob(CaptureDispatcher dispatcher)
{
    /// <summary>Claims and enqueues what is claimable now.</summary>
    [Queue(JobQueues.Default)]
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    [JobDisplayName("Dispatch captures and reference images")]
    public Task RunAsync(CancellationToken ct) => dispatcher.DispatchAsync(ct);
}
