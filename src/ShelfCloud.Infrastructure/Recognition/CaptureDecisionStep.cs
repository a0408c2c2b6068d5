using Microsoft.EntityFrameworkCore;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Recognition;
using ShelfCloud.Domain.Recognition.Tracking;
using ShelfCloud.Domain.Tenancy;
using ShelfCloud.Infrastructure.Availability;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Vision.Recognition;

namespace ShelfCloud.Infrastructure.Recognition;

/// <summary>
/// The last stage of recognition (docs/realgram.md): for each camera, its captures in time order go through the
/// second-level ranker and tracking, continuing the tracks its previous capture left. Writes nothing; the outcomes
/// carry the decisions and the camera's new tracks.
/// </summary>
public sealed class CaptureDecisionStep(RankerSource rankers)
{
    /// <summary>Tracks older than this are not continued: a camera silent for days may have been moved.</summary>
    public static readonly TimeSpan MaxTrackGap = TimeSpan.FromDays(2);

    /// <param name="unknownThreshold">The pipeline's open-set threshold: tracking decides "unknown" on a facing's photos together.</param>
    /// <param name="replay">
    /// For a back-fill: the tracks each camera carries through older captures, starting empty and kept here between
    /// batches, instead of the cameras' stored tracks (which belong to their newest captures and are left alone).
    /// </param>
    public async Task<IReadOnlyList<CaptureOutcome>> DecideAsync(
        ShelfCloudDbContext db, IReadOnlyList<Capture> captures, IReadOnlyList<CaptureOutcome> outcomes,
        Func<Capture, ShelfContext?> shelves, RealgramSettings settings, float? unknownThreshold, CancellationToken ct, TrackReplay? replay = null)
    {
        var (ranker, tracking) = await rankers.ForTenantAsync(db, ct);
        var decider = new CaptureDecider(ranker, new FacingTracker(tracking));
        var cameraIds = captures.Select(c => c.CameraId).Distinct().ToList();
        var states = replay is not null ? [] : await db.CameraTrackStates.AsNoTracking().Where(s => cameraIds.Contains(s.CameraId)).ToDictionaryAsync(s => s.CameraId, ct);
        var byCapture = outcomes.ToDictionary(o => o.CaptureId);
        var decided = new Dictionary<Guid, CaptureOutcome>();
        foreach (var camera in captures.GroupBy(c => c.CameraId))
        {
            var (tracks, trackedAt) = replay?.Of(camera.Key)
                ?? (states.TryGetValue(camera.Key, out var state) ? (FacingTrackJson.Read(state.Tracks), state.CapturedAt) : ([], DateTimeOffset.MinValue));
            foreach (var capture in camera.OrderBy(c => c.TakenAt))
            {
                if (byCapture[capture.Id].Products is not { } products)
                    continue;
                var previous = trackedAt < capture.TakenAt && capture.TakenAt - trackedAt <= MaxTrackGap ? tracks : [];
                var (decisions, carried) = Decide(decider, products, previous, shelves(capture), settings, capture.TakenAt, unknownThreshold);
                var newest = capture.TakenAt > trackedAt;
                if (newest)
                    (tracks, trackedAt) = (carried, capture.TakenAt);
                decided[capture.Id] = byCapture[capture.Id] with
                {
                    Decisions = decisions,
                    RankerVersion = decider.Ranker.Version,
                    Tracks = newest && replay is null ? new CameraTracks(camera.Key, capture.TakenAt, FacingTrackJson.Write(carried)) : null,
                };
            }

            replay?.Keep(camera.Key, tracks, trackedAt);
        }

        return outcomes.Select(o => decided.GetValueOrDefault(o.CaptureId, o)).ToList();
    }

    private static (IReadOnlyList<FacingDecision?> Decisions, IReadOnlyList<FacingTrack> Carried) Decide(
        CaptureDecider decider, IReadOnlyList<RecognizedProduct> products, IReadOnlyList<FacingTrack> previous,
        ShelfContext? shelf, RealgramSettings settings, DateTimeOffset takenAt, float? unknownThreshold)
    {
        var productIndexes = Enumerable.Range(0, products.Count)
            .Where(i => products[i].Embedding is not null && !CaptureMeasurer.IsEmptyFacingClass(products[i].ClassName)).ToList();
        var facings = productIndexes.Select(i => new FacingInput(
            products[i].Box, products[i].Embedding!, products[i].Candidates, products[i].Unknown, products[i].OpenSetMargin(unknownThreshold))).ToList();
        var productList = shelf is null ? new HashSet<Guid>()
            : ShelfRealgram.Build(shelf.Annotations, takenAt, settings).ProductList.Skus.ToHashSet();
        var (decisions, carried) = decider.Decide(facings, previous, productList, takenAt, shelf?.Annotations);
        var all = new FacingDecision?[products.Count];
        for (var k = 0; k < productIndexes.Count; k++)
            all[productIndexes[k]] = decisions[k];
        return (all, carried);
    }
}

/// <summary>The tracks a back-fill carries per camera from one batch of older captures to the next.</summary>
public sealed class TrackReplay
{
    private readonly Dictionary<Guid, (IReadOnlyList<FacingTrack> Tracks, DateTimeOffset At)> _cameras = [];

    internal (IReadOnlyList<FacingTrack> Tracks, DateTimeOffset At)? Of(Guid cameraId) =>
        _cameras.TryGetValue(cameraId, out var kept) ? kept : ([], DateTimeOffset.MinValue);

    internal void Keep(Guid cameraId, IReadOnlyList<FacingTrack> tracks, DateTimeOffset at) => _cameras[cameraId] = (tracks, at);
}
