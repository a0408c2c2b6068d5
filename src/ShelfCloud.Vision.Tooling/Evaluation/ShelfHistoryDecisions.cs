using ShelfCloud.Domain.Recognition;
using ShelfCloud.Domain.Recognition.Ranking;
using ShelfCloud.Domain.Recognition.Tracking;
using ShelfCloud.Domain.Tenancy;
using ShelfCloud.Vision.Recognition;

namespace ShelfCloud.Vision.Tooling.Evaluation;

/// <summary>
/// Replays recognised shelf histories through every way of making the final choice — the realgram with either instance
/// selection, the second-level ranker, tracking, and the combinations <c>eval realgram</c> reports — keeping one track
/// state per way and shelf. Optionally collects what the ranker learns from (<see cref="Examples"/>).
/// </summary>
public sealed class ShelfHistoryDecisions(RealgramSettings settings, ICandidateRanker? ranker, TrackingSettings tracking, bool collectExamples = false)
{
    private readonly CaptureDecider _final = new(ranker, new FacingTracker(tracking));
    private readonly CaptureDecider _trackingOff = new(ranker, null);
    private readonly CaptureDecider _rankerOff = new(null, new FacingTracker(tracking));
    private IReadOnlyList<FacingTrack> _finalTracks = [];
    private IReadOnlyList<FacingTrack> _rankerOffTracks = [];
    private readonly List<RankerExample> _examples = [];

    /// <summary>The ranker the final and tracking-off ways use ("realgram" when none was given).</summary>
    public string RankerVersion => _final.Ranker.Version;

    /// <summary>
    /// Facings whose right SKU was among the candidates, with the features the ranker sees (tracks from the realgram's
    /// order, the ranker's fallback): what <c>train ranker</c> fits.
    /// </summary>
    public IReadOnlyList<RankerExample> Examples => _examples;

    /// <summary>Starts a new shelf: tracks do not cross cameras.</summary>
    public void BeginShelf()
    {
        _finalTracks = [];
        _rankerOffTracks = [];
    }

    /// <summary>Decides one photo's products every way.</summary>
    /// <param name="products">The photo's recognised products (realgram candidates with visual ranks, embeddings).</param>
    /// <param name="annotations">The shelf's annotations the realgram saw for this photo.</param>
    /// <param name="takenAt">When the photo was taken.</param>
    /// <param name="classOf">The class (SKU code) of a SKU id.</param>
    /// <param name="rightSkus">For collecting examples: the right SKU of each product (null: unknown or not matched).</param>
    /// <param name="unknownThreshold">The pipeline's open-set threshold, which tracking averages over a facing's photos.</param>
    public IReadOnlyList<PredictedBox> Decide(
        IReadOnlyList<RecognizedProduct> products, IReadOnlyList<ShelfAnnotation> annotations, DateTimeOffset takenAt,
        Func<Guid?, string?> classOf, IReadOnlyList<Guid?>? rightSkus = null, float? unknownThreshold = null)
    {
        ArgumentNullException.ThrowIfNull(products);
        ArgumentNullException.ThrowIfNull(classOf);
        var merged = ShelfRealgram.Build(annotations, takenAt, settings, RealgramInstances.MaxCountMerge);
        var productList = merged.ProductList.Skus.ToHashSet();
        var facings = products.Select(p => new FacingInput(p.Box, p.Embedding ?? [], p.Candidates, p.Unknown, p.OpenSetMargin(unknownThreshold))).ToList();
        var (final, finalTracks) = _final.Decide(facings, _finalTracks, productList, takenAt, annotations);
        var (trackingOff, _) = _trackingOff.Decide(facings, [], productList, takenAt);
        var (rankerOff, rankerOffTracks) = _rankerOff.Decide(facings, _rankerOffTracks, productList, takenAt, annotations);
        if (collectExamples && rightSkus is not null)
            CollectExamples(facings, rightSkus, productList, new FacingTracker(tracking).Confirm(_rankerOffTracks, annotations, takenAt));
        _finalTracks = finalTracks;
        _rankerOffTracks = rankerOffTracks;

        return products.Select((p, i) => new PredictedBox(
            p.Box,
            p.Unknown ? null : classOf(p.Candidates.FirstOrDefault(c => c.VisualRank == 1)?.SkuId),
            classOf(p.SkuId),
            p.Unknown)
        {
            HasStages = true,
            SkuRealgramMerge = p.Unknown ? null : classOf(MergedFirst(p, merged)),
            SkuFinal = classOf(final[i].SkuId),
            SkuTrackingOff = classOf(trackingOff[i].SkuId),
            SkuRankerOff = classOf(rankerOff[i].SkuId),
        }).ToList();
    }

    /// <summary>The realgram's first SKU had each SKU's coefficient come from its max-count annotation set only.</summary>
    private Guid? MergedFirst(RecognizedProduct product, ShelfRealgram merged)
    {
        if (product.Candidates.Count == 0)
            return null;
        var coefficients = merged.CoefficientsFor(product.Box);
        return product.Candidates
            .OrderByDescending(c => c.VisualScore + settings.Weight * coefficients.GetValueOrDefault(c.SkuId))
            .ThenByDescending(c => c.VisualScore)
            .First().SkuId;
    }

    /// <summary>Features as the ranker would see them, with the tracks the fallback's tracking carried into this photo.</summary>
    private void CollectExamples(
        IReadOnlyList<FacingInput> facings, IReadOnlyList<Guid?> rightSkus, IReadOnlySet<Guid> productList, IReadOnlyList<FacingTrack> tracks)
    {
        var neighbours = ShelfNeighbours.Of(facings.Select(f => f.Box).ToList());
        var matches = new FacingTracker(tracking).Match(tracks, facings.Select(f => (f.Box, f.Embedding)).ToList());
        var realgramFirst = facings.Select(f => f.Unknown || f.Candidates.Count == 0 ? (Guid?)null : f.Candidates[0].SkuId).ToArray();
        for (var i = 0; i < facings.Count; i++)
        {
            if (facings[i].Unknown || rightSkus[i] is not { } right)
                continue;
            var context = new FacingContext(
                facings[i].Candidates, matches[i] is { } t ? tracks[t] : null,
                neighbours[i].Select(n => realgramFirst[n]).OfType<Guid>().ToList(), productList);
            var features = RankerFeatures.For(context);
            var index = facings[i].Candidates.Take(RankerFeatures.MaxCandidates).Select(c => c.SkuId).ToList().IndexOf(right);
            if (index >= 0)
                _examples.Add(new RankerExample(features, index));
        }
    }
}
