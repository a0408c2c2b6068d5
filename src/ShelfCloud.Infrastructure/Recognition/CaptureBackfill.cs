using Microsoft.EntityFrameworkCore;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Recognition;
using ShelfCloud.Domain.Tenancy;
using ShelfCloud.Infrastructure.Availability;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Models;
using ShelfCloud.Infrastructure.Tenancy;
using ShelfCloud.Vision.Recognition;
using ShelfCloud.Vision.Search;

namespace ShelfCloud.Infrastructure.Recognition;

/// <summary>Which captures a back-fill scores again: the last <see cref="Days"/> days, one shelf or all.</summary>
/// <param name="Trigger">What asked for it (<c>cli</c>, <c>portal</c>, <c>inbox</c>), recorded with the run.</param>
public sealed record BackfillRequest(int Days = BackfillRequest.DefaultDays, Guid? ShelfId = null, string Trigger = "cli")
{
    public const int DefaultDays = 14;
    public const int MaxDays = 90;
}

/// <param name="Captures">Captures scored again.</param>
/// <param name="Changed">Detections whose answer (SKU or unknown) changed.</param>
/// <param name="CapturesChanged">Captures with at least one changed detection (their figures were analysed again).</param>
/// <param name="WithoutEmbeddings">Captures recognised before crops' embeddings were kept: left as they are.</param>
public sealed record BackfillResult(int Captures, int Changed, int CapturesChanged, int WithoutEmbeddings);

/// <summary>
/// Scores a tenant's recent captures again after the catalog or the annotations changed — a new SKU, new reference
/// images, an inbox decision, a batch of annotations — from the crops' kept embeddings (no photo is decoded again):
/// vector search against today's index, the realgram as of each capture, the ranker, and tracking replayed per camera
/// in time order. Detections an annotator decided are left alone; a changed answer is written over and the capture
/// analysed again, so availability and out-of-stock events follow. Works in batches; each batch commits on its own, so a
/// stopped run loses at most one batch and running it again finishes the work (what is already right does not change).
/// Each run is recorded (<see cref="BackfillRun"/>) with its progress, for the jobs page.
/// </summary>
public sealed class CaptureBackfill(
    IDbContextFactory<ShelfCloudDbContext> dbFactory, ITenantContext tenant, RecognitionModels engine, CaptureDecisionStep decisions,
    CaptureAnalyzer analyzer, TimeProvider clock)
{
    private const int BatchSize = 48;

    /// <param name="progress">Told (captures done, captures in all) after each batch.</param>
    /// <exception cref="ArgumentOutOfRangeException">Days outside 1..<see cref="BackfillRequest.MaxDays"/>.</exception>
    /// <exception cref="InvalidOperationException">The recognition models are not available.</exception>
    public async Task<BackfillResult> RunAsync(BackfillRequest request, Action<int, int>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Days is < 1 or > BackfillRequest.MaxDays)
            throw new ArgumentOutOfRangeException(nameof(request), $"Days must be 1 to {BackfillRequest.MaxDays}.");
        var tenantId = tenant.TenantId ?? throw new InvalidOperationException("A back-fill runs inside a tenant scope.");
        var models = await engine.TryGetRecognitionAsync(ct) ?? throw new InvalidOperationException("The recognition models are not available: " + engine.Problem);
        var pipeline = models.Pipeline;

        List<Guid> ids;
        RealgramSettings settings;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            settings = (await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == tenantId, ct)).Realgram;
            var since = clock.GetUtcNow().AddDays(-request.Days);
            var captures = db.Captures.AsNoTracking().Where(c => c.Status == CaptureStatus.Recognized && c.TakenAt >= since);
            if (request.ShelfId is { } shelfId)
                captures = captures.Where(c => c.ShelfId == shelfId);
            ids = await captures.OrderBy(c => c.TakenAt).Select(c => c.Id).ToListAsync(ct);
        }

        var run = await StartRunAsync(request, ids.Count, ct);
        var replay = new TrackReplay();
        var (changed, capturesChanged, withoutEmbeddings) = (0, 0, 0);
        try
        {
            for (var start = 0; start < ids.Count; start += BatchSize)
            {
                var batch = await RescoreBatchAsync(ids.Skip(start).Take(BatchSize).ToList(), pipeline, new VectorFilter(tenantId), settings, replay, ct);
                (changed, capturesChanged, withoutEmbeddings) = (changed + batch.Changed, capturesChanged + batch.CapturesChanged, withoutEmbeddings + batch.WithoutEmbeddings);
                var done = Math.Min(start + BatchSize, ids.Count);
                await RecordAsync(run, r => (r.CapturesDone, r.Changed) = (done, changed), ct);
                progress?.Invoke(done, ids.Count);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await RecordAsync(run, r => (r.Error, r.FinishedAt) = (e.Message.Length <= 500 ? e.Message : e.Message[..500], clock.GetUtcNow()), CancellationToken.None);
            throw;
        }

        await RecordAsync(run, r => r.FinishedAt = clock.GetUtcNow(), ct);
        return new BackfillResult(ids.Count, changed, capturesChanged, withoutEmbeddings);
    }

    private async Task<Guid> StartRunAsync(BackfillRequest request, int total, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var run = new BackfillRun
        {
            Trigger = request.Trigger, Days = request.Days, ShelfId = request.ShelfId, StartedAt = clock.GetUtcNow(), CapturesTotal = total,
        };
        db.BackfillRuns.Add(run);
        await db.SaveChangesAsync(ct);
        return run.Id;
    }

    private async Task RecordAsync(Guid runId, Action<BackfillRun> change, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var run = await db.BackfillRuns.SingleAsync(r => r.Id == runId, ct);
        change(run);
        await db.SaveChangesAsync(ct);
    }

    private async Task<BackfillResult> RescoreBatchAsync(
        List<Guid> ids, RecognitionPipeline pipeline, VectorFilter filter, RealgramSettings settings, TrackReplay replay, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var captures = await db.Captures.AsNoTracking().Where(c => ids.Contains(c.Id)).OrderBy(c => c.TakenAt).ToListAsync(ct);
        var detections = (await db.Detections.Where(d => ids.Contains(d.CaptureId)).ToListAsync(ct))
            .ToLookup(d => d.CaptureId);
        var shelves = await CaptureBatchRecognizer.ShelfHistoryAsync(db, captures, TimeSpan.FromDays(settings.WindowDays), ct);
        var rows = captures.Select(c => detections[c.Id].OrderBy(d => d.Id).ToList()).ToList();
        var classes = pipeline.DetectorCard.ClassNames;
        var images = captures.Select((c, i) => new RescoreImage(
            rows[i].Select(d => new RescoreCrop(d.Box, d.DetectorScore, Math.Max(0, classes.IndexOf(d.DetectorClass ?? "")), d.Embedding is { } e ? Int8Vector.Decode(e) : null)).ToList(),
            shelves(c))).ToList();
        var products = await pipeline.RescoreAsync(images, filter, settings, ct);
        var outcomes = captures.Select((c, i) => CaptureOutcome.Recognized(c.Id, products[i])).ToList();
        var decided = await decisions.DecideAsync(db, captures, outcomes, shelves, settings, pipeline.UnknownThreshold, ct, replay);

        var (changed, changedCaptures, withoutEmbeddings) = (0, new List<Guid>(), 0);
        for (var i = 0; i < captures.Count; i++)
        {
            var rescorable = rows[i].Where(d => d.Embedding is not null).ToList();
            if (rescorable.Count == 0 && rows[i].Any(d => !CaptureMeasurer.IsEmptyFacingClass(d.DetectorClass)))
                withoutEmbeddings++;
            var before = changed;
            for (var k = 0; k < rows[i].Count; k++)
            {
                var detection = rows[i][k];
                if (detection.Embedding is null || detection.ReviewStatus != ReviewStatus.Unreviewed)
                    continue;
                changed += DetectionWriter.Rescore(detection, products[i][k], decided[i].Decisions?[k], decided[i].RankerVersion) ? 1 : 0;
            }

            if (changed > before)
                changedCaptures.Add(captures[i].Id);
        }

        await db.SaveChangesAsync(ct);
        await analyzer.AnalyzeAsync(changedCaptures, ct);
        return new BackfillResult(captures.Count, changed, changedCaptures.Count, withoutEmbeddings);
    }
}
