namespace ShelfCloud.Infrastructure.Jobs;

/// <summary>The Hangfire queues, in the order servers serve them: short platform jobs before recognition batches.</summary>
public static class JobQueues
{
    /// <summary>Dispatching and reference indexing: short, and never stuck behind a recognition backlog.</summary>
    public const string Default = "default";

    /// <summary>Recognition batches; the dispatcher keeps at most <see cref="JobOptions.MaxQueuedBatches"/> waiting here.</summary>
    public const string Recognition = "recognition";

    /// <summary>Every queue, highest priority first.</summary>
    public static readonly string[] All = [Default, Recognition];
}
