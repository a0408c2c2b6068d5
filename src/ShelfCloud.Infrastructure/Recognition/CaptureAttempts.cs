using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ShelfCloud.Domain.Alerts;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Captures.Quality;
using ShelfCloud.Domain.Recognition;
using ShelfCloud.Domain.Recognition.Ranking;
using ShelfCloud.Infrastructure.Alerts;
using ShelfCloud.Infrastructure.Availability;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Inbox;
using ShelfCloud.Infrastructure.Jobs;
using ShelfCloud.Infrastructure.Models;
using ShelfCloud.Vision.Recognition;

namespace ShelfCloud.Infrastructure.Recognition;

/// <summary>
/// The state changes of claimed captures during a recognition job, each guarded by the claim's <c>Version</c>: only
/// captures still Processing under the version the claim wrote are touched, and a <c>SaveChanges</c> that loses a race
/// (<see cref="DbUpdateConcurrencyException"/>) is redone for the captures still owned. Outcomes are therefore written
/// exactly once however often a job runs. Works in the tenant scope of the job.
/// </summary>
public sealed class CaptureAttempts(IDbContextFactory<ShelfCloudDbContext> dbFactory, IOptions<JobOptions> options, TimeProvider clock, AlertOutbox outbox)
{
    private const int MaxRounds = 5;

    private JobOptions Options => options.Value;

    /// <summary>
    /// Starts an attempt: counts it and renews the lease of the captures the claims still own. Captures that used up
    /// their attempts (earlier runs failed or their process died) are marked Failed instead. Returns the captures to work on.
    /// </summary>
    public Task<IReadOnlyList<Capture>> StartAsync(IReadOnlyList<CaptureClaim> claims, CancellationToken ct = default) =>
        ChangeOwnedAsync(claims, (db, owned, now) =>
        {
            var working = new List<Capture>();
            foreach (var capture in owned)
            {
                if (capture.Attempts >= Options.MaxAttempts)
                {
                    Fail(capture, capture.FailureReason ?? $"Gave up after {capture.Attempts} attempts: the process recognising it stopped each time.");
                    continue;
                }

                capture.Attempts++;
                capture.LeaseUntil = now + Options.Lease;
                working.Add(capture);
            }

            return working;
        }, ct);

    /// <summary>Gives the captures back as Pending without counting the attempt (the models are not available).</summary>
    public Task ReleaseAsync(IReadOnlyList<CaptureClaim> claims, CancellationToken ct = default) =>
        ChangeOwnedAsync(claims, (_, owned, _) =>
        {
            foreach (var capture in owned)
            {
                capture.Status = CaptureStatus.Pending;
                capture.Attempts = Math.Max(0, capture.Attempts - 1);
                capture.LeaseUntil = null;
                capture.Version = Guid.NewGuid();
            }

            return owned;
        }, ct);

    /// <summary>
    /// Records the outcomes in one <c>SaveChanges</c>: detections with their candidates and Recognized, or Failed with
    /// the reason. Returns how many captures this call recorded (0 when another run already had).
    /// </summary>
    public async Task<int> CompleteAsync(
        IReadOnlyList<CaptureClaim> claims, IReadOnlyList<CaptureOutcome> outcomes, ActiveRecognition models, CancellationToken ct = default)
    {
        var byId = outcomes.ToDictionary(o => o.CaptureId);
        var alerts = await CameraAlertsAsync(ct);
        UnknownProductInbox inbox;
        await using (var read = await dbFactory.CreateDbContextAsync(ct))
            inbox = await UnknownProductInbox.LoadAsync(read, ct);
        var recorded = await ChangeOwnedAsync(claims, (db, owned, now) =>
        {
            var done = new List<Capture>();
            foreach (var capture in owned)
            {
                if (!byId.TryGetValue(capture.Id, out var outcome))
                    continue;
                if (outcome.Products is { } products)
                {
                    db.Detections.AddRange(products.Select((p, i) =>
                        IntoInbox(DetectionWriter.New(capture.Id, p, outcome.Decisions?[i], outcome.RankerVersion), p, inbox, capture.TakenAt)));
                    if (outcome.Tracks is { } tracks)
                        KeepNewestTracks(db, tracks, capture.Id);
                    RecordQuality(db, capture, outcome, alerts);
                    capture.Status = CaptureStatus.Recognized;
                    capture.RecognizedAt = now;
                    capture.FailureReason = null;
                    capture.LeaseUntil = null;
                    capture.DetectorModelId = models.DetectorVersionId;
                    capture.EmbedderModelId = models.Embedder.VersionId;
                    capture.Version = Guid.NewGuid();
                }
                else
                {
                    Fail(capture, outcome.FailureReason ?? "Not recognisable.");
                }

                done.Add(capture);
            }

            inbox.WriteTo(db);
            return done;
        }, ct);
        return recorded.Count;
    }

    /// <summary>
    /// Records a failed attempt. Captures that used their last attempt become Failed with the reason; the others keep
    /// it as their latest error and a lease that outlasts the retry's delay. Returns how many will be retried.
    /// </summary>
    public async Task<int> RecordFailureAsync(IReadOnlyList<CaptureClaim> claims, string reason, CancellationToken ct = default)
    {
        var retried = await ChangeOwnedAsync(claims, (_, owned, now) =>
        {
            var retrying = new List<Capture>();
            foreach (var capture in owned)
            {
                if (capture.Attempts >= Options.MaxAttempts)
                {
                    Fail(capture, reason);
                    continue;
                }

                capture.FailureReason = Truncate(reason);
                var delays = Options.RetryDelays();
                var delay = TimeSpan.FromSeconds(delays[Math.Clamp(capture.Attempts - 1, 0, delays.Length - 1)]);
                capture.LeaseUntil = now + delay + Options.Lease;
                retrying.Add(capture);
            }

            return retrying;
        }, ct);
        return retried.Count;
    }

    /// <summary>Who hears of the tenant's events and where its cameras stand, for <c>camera_health</c> events.</summary>
    private async Task<CameraAlerts> CameraAlertsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var audience = await AlertAudience.LoadAsync(db, clock.GetUtcNow(), ct);
        var places = await db.Cameras.AsNoTracking()
            .Select(c => new { c.Id, c.Name, c.ShelfId, Shelf = c.Shelf!.Name, c.Shelf.StoreId, Store = c.Shelf.Store!.Name })
            .ToDictionaryAsync(c => c.Id, c => new CameraPlace(c.Name, c.ShelfId, c.Shelf, c.StoreId, c.Store), ct);
        return new CameraAlerts(audience, places);
    }

    private sealed record CameraPlace(string Camera, Guid ShelfId, string Shelf, Guid StoreId, string Store);

    private sealed record CameraAlerts(AlertAudience Audience, IReadOnlyDictionary<Guid, CameraPlace> Places);

    /// <summary>
    /// The capture's quality, and the camera's baseline unless a newer capture of it already moved it on; a change of
    /// the camera's health (its latest photo turned poor, or good again) is a <c>camera_health</c> event.
    /// </summary>
    private void RecordQuality(ShelfCloudDbContext db, Capture capture, CaptureOutcome outcome, CameraAlerts alerts)
    {
        if (outcome.Quality is not { } quality)
            return;
        capture.QualityStatus = quality.Status;
        capture.QualityIssues = quality.Issues.Count == 0 ? null : string.Join(',', quality.Issues);
        capture.QualityFigures = CaptureQualityJson.Figures(quality);
        if (outcome.Baseline is not { } baseline)
            return;
        var stored = db.CameraQualityBaselines.Local.FirstOrDefault(b => b.CameraId == baseline.CameraId)
            ?? db.CameraQualityBaselines.FirstOrDefault(b => b.CameraId == baseline.CameraId);
        if (stored is null)
        {
            db.CameraQualityBaselines.Add(baseline);
        }
        else if (stored.LastTakenAt < baseline.LastTakenAt)
        {
            var before = stored.LastStatus;
            db.Entry(stored).CurrentValues.SetValues(baseline);
            if (before != baseline.LastStatus && before != CaptureQualityStatus.Unmeasured)
            {
                var place = alerts.Places.GetValueOrDefault(capture.CameraId);
                new CameraHealthChange(
                    capture.CameraId, place?.Camera, capture.StoreId, place?.Store, capture.ShelfId, place?.Shelf,
                    quality.Status == CaptureQualityStatus.Poor ? CameraHealthChange.Attention : CameraHealthChange.Ok, quality.Issues, capture.Id, capture.TakenAt)
                    .Enqueue(outbox, db, alerts.Audience);
            }
        }
    }

    /// <summary>Stores the camera's tracks unless a newer capture of it already did.</summary>
    private static void KeepNewestTracks(ShelfCloudDbContext db, CameraTracks tracks, Guid captureId)
    {
        var state = db.CameraTrackStates.Local.FirstOrDefault(s => s.CameraId == tracks.CameraId)
            ?? db.CameraTrackStates.FirstOrDefault(s => s.CameraId == tracks.CameraId);
        if (state is null)
        {
            db.CameraTrackStates.Add(new CameraTrackState { CameraId = tracks.CameraId, CaptureId = captureId, CapturedAt = tracks.CapturedAt, Tracks = tracks.Json });
        }
        else if (state.CapturedAt < tracks.CapturedAt)
        {
            (state.CaptureId, state.CapturedAt, state.Tracks) = (captureId, tracks.CapturedAt, tracks.Json);
        }
    }

    /// <summary>A product answered unknown joins a group of the unknown-product inbox (issue: products the catalog lacks).</summary>
    private static Detection IntoInbox(Detection detection, RecognizedProduct product, UnknownProductInbox inbox, DateTimeOffset takenAt)
    {
        if (detection.Unknown && product.Embedding is { Length: > 0 } embedding && !CaptureMeasurer.IsEmptyFacingClass(product.ClassName))
            detection.UnknownGroupId = inbox.Assign(embedding, takenAt);
        return detection;
    }

    private static void Fail(Capture capture, string reason)
    {
        capture.Status = CaptureStatus.Failed;
        capture.FailureReason = Truncate(reason);
        capture.LeaseUntil = null;
        capture.Version = Guid.NewGuid();
    }

    private static string Truncate(string reason) => reason.Length <= 2000 ? reason : reason[..2000];

    /// <summary>
    /// Loads the captures the claims still own, lets <paramref name="change"/> modify them and saves. A lost race
    /// discards everything and starts over with what is still owned, so a batch is never half written.
    /// </summary>
    private async Task<IReadOnlyList<Capture>> ChangeOwnedAsync(
        IReadOnlyList<CaptureClaim> claims, Func<ShelfCloudDbContext, List<Capture>, DateTimeOffset, List<Capture>> change, CancellationToken ct)
    {
        var versions = claims.ToDictionary(c => c.CaptureId, c => c.Version);
        var ids = versions.Keys.ToList();
        for (var round = 1; ; round++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var owned = (await db.Captures.Where(c => ids.Contains(c.Id) && c.Status == CaptureStatus.Processing).ToListAsync(ct))
                .Where(c => versions[c.Id] == c.Version)
                .ToList();
            if (owned.Count == 0)
                return [];
            var changed = change(db, owned, clock.GetUtcNow());
            try
            {
                await db.SaveChangesAsync(ct);
                return changed;
            }
            catch (DbUpdateConcurrencyException) when (round < MaxRounds)
            {
                // A capture was claimed again meanwhile: redo the change for the captures still owned.
            }
        }
    }
}
