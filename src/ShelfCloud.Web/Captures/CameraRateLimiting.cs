using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using ShelfCloud.Infrastructure.Captures;
using ShelfCloud.Infrastructure.Onboarding;

namespace ShelfCloud.Web.Captures;

/// <summary>
/// The per-camera upload limit: a token bucket per key hash holding <c>Ingestion:PermitsPerWindow</c> permits and
/// refilled with as many every <c>Ingestion:WindowSeconds</c>. No queueing: a camera over its limit gets 429 at once.
/// </summary>
internal static class CameraRateLimiting
{
    public const string Policy = "camera-uploads";

    public static IServiceCollection AddCameraRateLimiting(this IServiceCollection services) =>
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = RejectAsync;
            options.AddPolicy(Policy, context =>
            {
                var settings = context.RequestServices.GetRequiredService<IOptions<IngestionOptions>>().Value;
                return RateLimitPartition.GetTokenBucketLimiter(PartitionOf(context.Request), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = settings.PermitsPerWindow,
                    TokensPerPeriod = settings.PermitsPerWindow,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(settings.WindowSeconds),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
        });

    /// <summary>The key's hash (the raw key is a secret and is not kept); requests without a usable key share one bucket.</summary>
    private static string PartitionOf(HttpRequest request)
    {
        var key = request.Headers[CaptureEndpoints.ApiKeyHeader].ToString();
        return key.Length is > 0 and <= 128 ? CameraApiKey.Hash(key) : "";
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var http = rejected.HttpContext;
        var detail = "This camera sent more uploads than its rate limit allows; retry later.";
        if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            var seconds = (int)Math.Ceiling(retryAfter.TotalSeconds);
            http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            detail = $"This camera sent more uploads than its rate limit allows; retry in {seconds} s.";
        }

        await CaptureProblems.For(StatusCodes.Status429TooManyRequests, "rate_limited", detail).ExecuteAsync(http);
    }
}
