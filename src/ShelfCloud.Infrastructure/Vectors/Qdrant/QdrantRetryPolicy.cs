using System.Net;

namespace ShelfCloud.Infrastructure.Vectors.Qdrant;

/// <summary>Which failures are worth another attempt, and how long to wait before it.</summary>
internal sealed class QdrantRetryPolicy(int maxAttempts, TimeSpan initialBackoff, TimeSpan maxBackoff)
{
    public int MaxAttempts { get; } = Math.Max(1, maxAttempts);

    public static bool IsTransient(HttpStatusCode status) => status == HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>
    /// Exponential backoff with jitter (half fixed, half random, so many clients do not retry in step);
    /// a server's Retry-After wins when it asks for longer. Never more than the maximum.
    /// </summary>
    public TimeSpan DelayBeforeRetry(int retry, TimeSpan? retryAfter)
    {
        var exponential = initialBackoff.TotalMilliseconds * Math.Pow(2, Math.Max(0, retry - 1));
        var capped = Math.Min(exponential, maxBackoff.TotalMilliseconds);
        var jittered = (capped / 2) + (Random.Shared.NextDouble() * capped / 2);
        var wanted = Math.Max(jittered, retryAfter?.TotalMilliseconds ?? 0);
        return TimeSpan.FromMilliseconds(Math.Min(wanted, maxBackoff.TotalMilliseconds));
    }
}
