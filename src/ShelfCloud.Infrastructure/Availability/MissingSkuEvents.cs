using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ShelfCloud.Domain.Availability;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Recognition;
using ShelfCloud.Domain.Shelves;
using ShelfCloud.Infrastructure.Data;

namespace ShelfCloud.Infrastructure.Availability;

/// <summary>How many out-of-stock events one capture opened and closed.</summary>
public readonly record struct MissingSkuEventChanges(int Raised, int Cleared, IReadOnlyList<OutOfStockEvent> RaisedEvents);

/// <summary>
/// Keeps a shelf's missing-SKU <see cref="OutOfStockEvent"/>s in step with its captures, with the Domain's
/// <see cref="OutOfStockTracker"/> for the hysteresis. No tracker state is stored: each capture replays the shelf's
/// last N analysed captures (N = <see cref="AvailabilityOptions.CapturesToRaise"/>) against the shelf's product list
/// from its realgram annotations, seeded with the events still open from before that window. Replaying is what makes
/// re-analysis safe: a replay that finds an absence some event already covers leaves it alone instead of opening another.
/// </summary>
public sealed class MissingSkuEvents(IOptions<AvailabilityOptions> options)
{
    private readonly int _capturesToRaise = options.Value.CapturesToRaise;

    /// <summary>
    /// Adds and changes events in <paramref name="db"/> (not saved) for <paramref name="capture"/>, which shows
    /// <paramref name="seen"/>. The capture's own figures need not be saved yet; earlier captures' must be.
    /// </summary>
    internal async Task<MissingSkuEventChanges> UpdateAsync(
        ShelfCloudDbContext db, AnalysedCapture capture, IReadOnlySet<Guid> seen, CancellationToken ct)
    {
        var window = await WindowAsync(db, capture, seen, ct);
        var windowStart = window[0].TakenAt;
        var productList = await ProductListAsync(db, capture, ct);
        var events = await db.OutOfStockEvents
            .Where(e => e.ShelfId == capture.ShelfId && e.Kind == OutOfStockKind.MissingSku && e.SkuId != null
                && (e.ClearedAt == null || e.ClearedAt > windowStart))
            .ToListAsync(ct);
        var ongoing = events
            .Where(e => e.ClearedAt == null && e.StartedAt < windowStart)
            .GroupBy(e => e.SkuId!.Value)
            .ToDictionary(g => g.Key, g => g.MinBy(e => e.StartedAt)!);

        var tracker = new OutOfStockTracker(
            _capturesToRaise, ongoing.Values.Select(e => new MissingSkuState(e.SkuId!.Value, e.StartedAt, e.ConsecutiveCaptures, IsRaised: true)));
        var changes = window.SelectMany(w => tracker.Observe(w.TakenAt, productList.Skus, w.Seen)).ToList();

        var raised = new List<OutOfStockEvent>();
        var cleared = 0;
        foreach (var change in changes)
        {
            if (change.Kind == MissingSkuChangeKind.Raised && !IsKnown(events, change))
            {
                var added = new OutOfStockEvent
                {
                    StoreId = capture.StoreId, ShelfId = capture.ShelfId, SkuId = change.SkuId, Kind = OutOfStockKind.MissingSku,
                    StartedAt = change.MissingSince, ConsecutiveCaptures = change.ConsecutiveMisses,
                };
                db.OutOfStockEvents.Add(added);
                raised.Add(added);
            }
            else if (change.Kind == MissingSkuChangeKind.Cleared && ongoing.Remove(change.SkuId, out var closing))
            {
                closing.ClearedAt = change.At;
                closing.ConsecutiveCaptures = await CapturesBetweenAsync(db, capture.ShelfId, closing.StartedAt, change.At, ct);
                cleared++;
            }
        }

        foreach (var still in ongoing.Values)
        {
            var misses = await CapturesBetweenAsync(db, capture.ShelfId, still.StartedAt, capture.TakenAt, ct) + 1;
            still.ConsecutiveCaptures = Math.Max(still.ConsecutiveCaptures, misses);
        }

        return new MissingSkuEventChanges(raised.Count, cleared, raised);
    }

    /// <summary>
    /// A raise is known when an event of the SKU already covers part of the absence it reports — the same absence seen
    /// again through a later window, which cannot see where the absence began — or when the SKU has an open event
    /// at all: one SKU on one shelf is missing once at a time.
    /// </summary>
    private static bool IsKnown(IEnumerable<OutOfStockEvent> events, MissingSkuChange change) =>
        events.Any(e => e.SkuId == change.SkuId
            && (e.ClearedAt == null || (e.StartedAt <= change.At && e.ClearedAt > change.MissingSince)));

    /// <summary>The shelf's last N analysed captures up to this one, oldest first, with the SKUs each showed.</summary>
    private async Task<List<(DateTimeOffset TakenAt, IEnumerable<Guid> Seen)>> WindowAsync(
        ShelfCloudDbContext db, AnalysedCapture capture, IReadOnlySet<Guid> seen, CancellationToken ct)
    {
        var earlier = await db.CaptureShelfStats.AsNoTracking()
            .Where(s => s.ShelfId == capture.ShelfId && s.TakenAt < capture.TakenAt)
            .OrderByDescending(s => s.TakenAt)
            .Take(_capturesToRaise - 1)
            .Select(s => new { s.CaptureId, s.TakenAt })
            .ToListAsync(ct);
        var ids = earlier.Select(e => e.CaptureId).ToList();
        var seenEarlier = (await db.CaptureSkuFacings.AsNoTracking()
                .Where(f => ids.Contains(f.CaptureId))
                .Select(f => new { f.CaptureId, f.SkuId })
                .ToListAsync(ct))
            .ToLookup(f => f.CaptureId, f => f.SkuId);
        return earlier
            .OrderBy(e => e.TakenAt)
            .Select(e => (e.TakenAt, (IEnumerable<Guid>)seenEarlier[e.CaptureId]))
            .Append((capture.TakenAt, seen))
            .ToList();
    }

    /// <summary>What the shelf should hold: its realgram product list over the tenant's annotation window before the capture.</summary>
    private static async Task<ShelfProductList> ProductListAsync(ShelfCloudDbContext db, AnalysedCapture capture, CancellationToken ct)
    {
        var tenantId = db.CurrentTenantId;
        var windowDays = await db.Tenants.Where(t => t.Id == tenantId).Select(t => t.Realgram.WindowDays).SingleOrDefaultAsync(ct);
        var since = capture.TakenAt.AddDays(-windowDays);
        var annotations = await db.Annotations.AsNoTracking()
            .Where(a => a.ShelfId == capture.ShelfId && a.CapturedAt >= since && a.CapturedAt <= capture.TakenAt)
            .Select(a => new { a.SkuId, a.X1, a.Y1, a.X2, a.Y2, a.CapturedAt, a.CaptureId })
            .ToListAsync(ct);
        return ShelfProductList.FromAnnotations(annotations.Select(a =>
            new ShelfAnnotation(a.SkuId, new BoundingBox(a.X1, a.Y1, a.X2, a.Y2), a.CapturedAt, a.CaptureId)));
    }

    private static Task<int> CapturesBetweenAsync(ShelfCloudDbContext db, Guid shelfId, DateTimeOffset from, DateTimeOffset before, CancellationToken ct) =>
        db.CaptureShelfStats.CountAsync(s => s.ShelfId == shelfId && s.TakenAt >= from && s.TakenAt < before, ct);
}
