using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Recognition;
using ShelfCloud.Vision.Search;

namespace ShelfCloud.Vision.Recognition;

/// <summary>
/// Turns one crop's search hits into ranked SKU candidates: the visual score of a SKU is the best similarity
/// among its hits, and when the shelf has a realgram, SKUs it places here that the hits missed get their
/// similarity from the index before <see cref="RealgramScorer"/> fuses both.
/// </summary>
internal sealed class CandidateFusion(IVectorIndex index, VectorFilter filter, RealgramScorer scorer)
{
    private static readonly IReadOnlyDictionary<Guid, float> EmptySimilarities = new Dictionary<Guid, float>();

    public async Task<IReadOnlyList<RankedCandidate>> RankAsync(
        float[] embedding,
        BoundingBox box,
        IReadOnlyList<VectorMatch> hits,
        ShelfRealgram shelf,
        CancellationToken cancellationToken)
    {
        var visual = VisualScores(hits);
        IReadOnlyDictionary<Guid, float> outsideTopK = EmptySimilarities;
        if (!shelf.IsEmpty)
        {
            var missing = shelf.CoefficientsFor(box).Keys.Where(sku => !visual.ContainsKey(sku)).ToList();
            if (missing.Count > 0)
            {
                outsideTopK = await index.BestSimilarityBySkuAsync(embedding, filter, missing, cancellationToken).ConfigureAwait(false);
            }
        }

        var visualTopK = visual.Select(pair => new VisualCandidate(pair.Key, pair.Value)).ToList();
        // A SKU without any vector under the filter has no visual evidence either way: similarity 0.
        return scorer.Score(shelf, box, visualTopK, sku => outsideTopK.GetValueOrDefault(sku)).Candidates;
    }

    /// <summary>Max similarity per SKU over the hits.</summary>
    public static Dictionary<Guid, float> VisualScores(IReadOnlyList<VectorMatch> hits)
    {
        var best = new Dictionary<Guid, float>(hits.Count);
        foreach (var hit in hits)
        {
            if (!best.TryGetValue(hit.SkuId, out var score) || hit.Score > score)
            {
                best[hit.SkuId] = hit.Score;
            }
        }

        return best;
    }
}
