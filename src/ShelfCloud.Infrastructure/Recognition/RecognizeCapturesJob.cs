using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ShelfCloud.Infrastructure.Availability;
using ShelfCloud.Infrastructure.Jobs;
using ShelfCloud.Infrastructure.Models;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Infrastructure.Recognition;

/// <summary>
/// Hangfire job: recognises one claimed batch of a tenant's captures inside that tenant's scope, and records the
/// outcome exactly once (<see cref="CaptureAttempts"/>). A failed attempt is retried by Hangfire's AutomaticRetry with
/// growing delays; after <see cref="JobOptions.MaxAttempts"/> the captures are Failed with the reason. A run whose
/// claim was superseded (duplicate, late, lease expired and claimed again) does nothing.
/// </summary>
public sealed class RecognizeCapturesJob(
    TenantScopeFactory tenantScopes, RecognitionModels engine, DispatchSignal dispatch, LeaseHeartbeat leases, UploadPriority uploads,
    ILogger<RecognizeCapturesJob> logger)
{
    /// <summary>Runs one attempt for the batch.</summary>
    /// <param name="tenantId">The tenant that owns the captures; the job works only inside its scope.</param>
    /// <param name="claims">The captures and the versions their claim wrote.</param>
    /// <param name="ct">Signalled when the server shuts down.</param>
    [Queue(JobQueues.Recognition)]
    [JobDisplayName("Recognise captures of tenant {0}")]
    public async Task RunAsync(Guid tenantId, CaptureClaim[] claims, CancellationToken ct)
    {
        leases.Hold(tenantId, claims); // a retry, or a run on another node than the one that claimed, renews its own
        try
        {
            await RunAttemptAsync(tenantId, claims, ct);
        }
        finally
        {
            // The outcome is recorded (or a retry holds its own lease): stop renewing, and let the dispatcher fill the room.
            leases.Release(claims);
            dispatch.Kick();
        }
    }

    private async Task RunAttemptAsync(Guid tenantId, CaptureClaim[] claims, CancellationToken ct)
    {
        await using var scope = tenantScopes.CreateScope(tenantId, "jobs");
        var attempts = scope.ServiceProvider.GetRequiredService<CaptureAttempts>();
        var captures = await attempts.StartAsync(claims, ct);
        if (captures.Count == 0)
        {
            logger.LogDebug("Nothing left to do for this claim of tenant {TenantId}: recorded or claimed again elsewhere", tenantId);
            return;
        }

        var owned = captures.Select(c => claims.Single(claim => claim.CaptureId == c.Id)).ToList();
        if (await engine.TryGetRecognitionAsync(ct) is not { } models)
        {
            await attempts.ReleaseAsync(owned, CancellationToken.None);
            logger.LogWarning("Recognition models are not available ({Problem}); {Count} capture(s) of tenant {TenantId} were put back to Pending",
                engine.Problem, owned.Count, tenantId);
            return;
        }

        try
        {
            var outcomes = await scope.ServiceProvider.GetRequiredService<CaptureBatchRecognizer>().RecognizeAsync(captures, models.Pipeline, ct);
            // Writing hundreds of detections holds SQLite's write gate: not in the middle of an upload burst.
            await uploads.WaitForTurnAsync(ct);
            var recorded = await attempts.CompleteAsync(owned, outcomes, models, ct);
            logger.LogInformation("Recognised {Recorded} of {Count} capture(s) of tenant {TenantId}", recorded, owned.Count, tenantId);
            await uploads.WaitForTurnAsync(ct);
            await AnalyzeAsync(scope.ServiceProvider, outcomes.Where(o => o.Products is not null).Select(o => o.CaptureId).ToList(), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var retried = await attempts.RecordFailureAsync(owned, e.Message, CancellationToken.None);
            logger.LogWarning(e, "Recognition of {Count} capture(s) of tenant {TenantId} failed; {Retried} will be retried", owned.Count, tenantId, retried);
            if (retried > 0)
                throw;
        }
    }

    /// <summary>
    /// Shelf analysis (availability, facings, out-of-stock events) right after recognition. A failure here must not undo
    /// the recognition: the periodic analysis sweep picks up whatever is missed.
    /// </summary>
    private async Task AnalyzeAsync(IServiceProvider services, IReadOnlyCollection<Guid> recognised, CancellationToken ct)
    {
        try
        {
            await services.GetRequiredService<CaptureAnalyzer>().AnalyzeAsync(recognised, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Shelf analysis of {Count} recognised capture(s) failed; the analysis sweep will retry", recognised.Count);
        }
    }
}
