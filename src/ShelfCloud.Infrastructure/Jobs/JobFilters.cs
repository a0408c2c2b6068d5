using Hangfire;
using Hangfire.Common;
using Hangfire.States;

namespace ShelfCloud.Infrastructure.Jobs;

/// <summary>
/// The Hangfire filters of one host: Hangfire's defaults with <c>AutomaticRetry</c> set from <see cref="JobOptions"/>.
/// A provider per host rather than <c>GlobalJobFilters</c>, which is static and would be shared by every host in a process.
/// </summary>
internal static class JobFilters
{
    public static IJobFilterProvider Create(JobOptions options)
    {
        var retry = new AutomaticRetryAttribute { Attempts = options.MaxAttempts - 1, OnAttemptsExceeded = AttemptsExceededAction.Fail };
        var delays = options.RetryDelays();
        if (delays.Length > 0)
            retry.DelaysInSeconds = delays;
        var global = new JobFilterCollection
        {
            new CaptureCultureAttribute(),
            retry,
            new StatisticsHistoryAttribute(),
            new ContinuationsSupportAttribute(),
        };
        return new JobFilterProviderCollection(global, new JobFilterAttributeFilterProvider());
    }
}
