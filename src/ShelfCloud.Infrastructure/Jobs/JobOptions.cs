namespace ShelfCloud.Infrastructure.Jobs;

/// <summary>Where Hangfire keeps its queue.</summary>
public enum JobStorageKind
{
    /// <summary>In this process' memory: one portal or one worker. Lost on restart, which loses no capture (the database is the queue of record).</summary>
    InMemory,

    /// <summary>SQL Server tables shared by every portal and worker: scale-out.</summary>
    SqlServer,
}

/// <summary>Background jobs (<c>Jobs:*</c>): Hangfire storage and server, capture claims, retries.</summary>
public sealed class JobOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "Jobs";

    /// <summary>Hangfire's storage; an explicit setting.</summary>
    public JobStorageKind Storage { get; set; } = JobStorageKind.InMemory;

    /// <summary><c>Jobs:SqlServer:*</c>; the connection string defaults to <c>Database:ConnectionString</c>.</summary>
    public JobSqlServerOptions SqlServer { get; set; } = new();

    /// <summary>Run a Hangfire server (and the dispatcher) in this process. Portals set false when workers run the jobs; workers always run one.</summary>
    public bool RunServer { get; set; } = true;

    /// <summary>Concurrent jobs per server; recognition is CPU-bound, so about one per core.</summary>
    public int WorkerCount { get; set; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>Captures recognised together in one job (their crops share embedder calls and one vector search).</summary>
    public int BatchSize { get; set; } = 8;

    /// <summary>Batches the dispatcher keeps waiting in the recognition queue; beyond that it claims nothing, so leases start shortly before work does.</summary>
    public int MaxQueuedBatches { get; set; } = 4;

    /// <summary>
    /// How long a claim holds a capture without renewal; the node holding it renews it every third of this while the
    /// batch waits and runs (<c>LeaseHeartbeat</c>), so a capture whose node died is claimed again within this time.
    /// </summary>
    public int LeaseSeconds { get; set; } = 30;

    /// <summary>
    /// Recognition in a process that also takes uploads waits between its steps while uploads arrived within this many
    /// milliseconds (<c>UploadPriority</c>); 0 turns it off.
    /// </summary>
    public int YieldToUploadsMilliseconds { get; set; } = 200;

    /// <summary>How often each server runs the dispatcher, besides the kicks after every upload and finished batch.</summary>
    public int DispatchIntervalSeconds { get; set; } = 5;

    /// <summary>Attempts per capture (the first run and Hangfire's retries); after the last one the capture is Failed with its reason.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Delay before the first retry; each further retry waits twice as long.</summary>
    public int RetryDelaySeconds { get; set; } = 10;

    /// <summary>How often the server polls for scheduled jobs (retries wait here).</summary>
    public int SchedulePollingSeconds { get; set; } = 2;

    internal TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);

    /// <summary>The retry delays, in seconds, of Hangfire's <c>AutomaticRetry</c>: <see cref="RetryDelaySeconds"/> doubled each time.</summary>
    public int[] RetryDelays() =>
        Enumerable.Range(0, Math.Max(0, MaxAttempts - 1)).Select(i => (int)Math.Min(int.MaxValue, (long)RetryDelaySeconds << Math.Min(i, 20))).ToArray();

    internal IEnumerable<string> Problems(string? databaseConnectionString)
    {
        if (Storage == JobStorageKind.SqlServer && string.IsNullOrWhiteSpace(SqlServer.ConnectionString ?? databaseConnectionString))
            yield return "Jobs:SqlServer:ConnectionString (or Database:ConnectionString) is required when Jobs:Storage is SqlServer.";
        if (WorkerCount < 1)
            yield return "Jobs:WorkerCount must be at least 1.";
        if (BatchSize < 1)
            yield return "Jobs:BatchSize must be at least 1.";
        if (MaxQueuedBatches < 1)
            yield return "Jobs:MaxQueuedBatches must be at least 1.";
        if (LeaseSeconds < 1)
            yield return "Jobs:LeaseSeconds must be at least 1.";
        if (YieldToUploadsMilliseconds < 0)
            yield return "Jobs:YieldToUploadsMilliseconds must be 0 or more.";
        if (DispatchIntervalSeconds < 1)
            yield return "Jobs:DispatchIntervalSeconds must be at least 1.";
        if (MaxAttempts < 1)
            yield return "Jobs:MaxAttempts must be at least 1.";
        if (RetryDelaySeconds < 0)
            yield return "Jobs:RetryDelaySeconds must be 0 or more.";
        if (SchedulePollingSeconds < 1)
            yield return "Jobs:SchedulePollingSeconds must be at least 1.";
    }
}

/// <summary><c>Jobs:SqlServer:*</c>.</summary>
public sealed class JobSqlServerOptions
{
    /// <summary>Hangfire's SQL Server; null uses <c>Database:ConnectionString</c> (Hangfire's tables live in their own <c>HangFire</c> schema).</summary>
    public string? ConnectionString { get; set; }
}
