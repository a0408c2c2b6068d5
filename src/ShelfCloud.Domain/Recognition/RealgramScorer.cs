using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Tenancy;

namespace ShelfCloud.Domain.Recognition;

/// <summary>
/// Corrects a crop's visual ranking with what was recently annotated at the same place on the
/// same shelf: final(p) = similarity(p) + w · c_p (docs/architecture.md, "Realgram").
/// </summary>
public sealed class RealgramScorer
{
    private readonly RealgramSettings _settings;

    /// <summary>Creates a scorer with a tenant's realgram parameters.</summary>
    public RealgramScorer(RealgramSettings settings)
    {
        RealgramSettingsGuard.Validate(settings);
        _settings = settings;
    }

    /// <summary>Selects and weights the shelf's annotations as of <paramref name="now"/> (the capture time).</summary>
    public ShelfRealgram Prepare(IEnumerable<ShelfAnnotation> shelfAnnotations, DateTimeOffset now) =>
        ShelfRealgram.Build(shelfAnnotations, now, _settings);

    /// <summary>Scores one crop against annotations prepared from scratch; see the other overload.</summary>
    public RealgramResult Score(
        IEnumerable<ShelfAnnotation> shelfAnnotations,
        DateTimeOffset now,
        BoundingBox crop,
        IReadOnlyList<VisualCandidate> visualTopK,
        Func<Guid, float> similarityOf) =>
        Score(Prepare(shelfAnnotations, now), crop, visualTopK, similarityOf);

    /// <summary>
    /// Ranks the visual top-K together with every realgram SKU that overlaps the crop.
    /// </summary>
    /// <param name="shelf">The shelf's annotations prepared for the capture time.</param>
    /// <param name="crop">The detection's box.</param>
    /// <param name="visualTopK">The visual search's per-SKU scores (any order; duplicates keep their best).</param>
    /// <param name="similarityOf">
    /// The crop's similarity to a SKU's stored vectors; asked only for realgram SKUs the visual
    /// top-K missed, so that a SKU at visual rank 11 can still win when the shelf says so.
    /// </param>
    public RealgramResult Score(
        ShelfRealgram shelf,
        BoundingBox crop,
        IReadOnlyList<VisualCandidate> visualTopK,
        Func<Guid, float> similarityOf)
    {
        ArgumentNullException.ThrowIfNull(shelf);
        ArgumentNullException.ThrowIfNull(visualTopK);
        ArgumentNullException.ThrowIfNull(similarityOf);

        var visual = RankVisually(visualTopK);
        if (shelf.IsEmpty || _settings.Weight == 0)
        {
            return new RealgramResult(visual.Select(v => Fuse(v.Candidate, v.Rank, 0)).ToList());
        }

        var coefficients = shelf.CoefficientsFor(crop);
        var fused = visual
            .Select(v => Fuse(v.Candidate, v.Rank, coefficients.GetValueOrDefault(v.Candidate.SkuId)))
            .ToList();
        var inVisual = visual.Select(v => v.Candidate.SkuId).ToHashSet();
        fused.AddRange(coefficients
            .Where(c => !inVisual.Contains(c.Key))
            .Select(c => Fuse(new VisualCandidate(c.Key, similarityOf(c.Key)), null, c.Value)));

        return new RealgramResult(fused
            .OrderByDescending(c => c.FinalScore)
            .ThenByDescending(c => c.VisualScore)
            .ThenBy(c => c.SkuId)
            .ToList());
    }

    private static List<(VisualCandidate Candidate, int Rank)> RankVisually(IReadOnlyList<VisualCandidate> visualTopK) =>
        visualTopK
            .GroupBy(v => v.SkuId)
            .Select(g => g.MaxBy(v => v.Similarity))
            .OrderByDescending(v => v.Similarity)
            .ThenBy(v => v.SkuId)
            .Select((v, i) => (v, i + 1))
            .ToList();

    private RankedCandidate Fuse(VisualCandidate candidate, int? visualRank, double coefficient) =>
        new(
            candidate.SkuId,
            visualRank,
            candidate.Similarity,
            (float)coefficient,
            (float)(candidate.Similarity + _settings.Weight * coefficient));
}
