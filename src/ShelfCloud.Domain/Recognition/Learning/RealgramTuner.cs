using ShelfCloud.Domain.Tenancy;

namespace ShelfCloud.Domain.Recognition.Learning;

/// <summary>The outcome of a realgram parameter search.</summary>
/// <param name="Best">The settings that did best on the search decisions.</param>
/// <param name="BeforeTop1">Top-1 against the annotators on the held-out decisions with the current settings.</param>
/// <param name="AfterTop1">The same with <see cref="Best"/>.</param>
public sealed record RealgramTuningResult(RealgramSettings Best, int SearchDecisions, int HeldOutDecisions, double BeforeTop1, double AfterTop1)
{
    /// <summary>Apply only what did better on decisions the search never saw.</summary>
    public bool Improves => AfterTop1 > BeforeTop1;
}

/// <summary>
/// Searches a tenant's realgram parameters (window, half-life, weight, overlap form) against its annotators'
/// decisions: the earlier <see cref="SearchShare"/> of them choose, the later ones check. A decision is right when the
/// realgram's first SKU is the one the annotator gave.
/// </summary>
public static class RealgramTuner
{
    /// <summary>Fewer decisions than this and nothing is searched: too few to tell settings apart.</summary>
    public const int MinimumDecisions = 100;

    public const double SearchShare = 0.7;

    private static readonly int[] Windows = [7, 14, 30];
    private static readonly double[] HalfLives = [24, 72, 168, 336];
    private static readonly double[] Weights = [0, 0.05, 0.1, 0.15, 0.25, 0.4];

    /// <summary>Every setting the search tries, the current one's top-K kept.</summary>
    public static IReadOnlyList<RealgramSettings> Grid(RealgramSettings current)
    {
        ArgumentNullException.ThrowIfNull(current);
        return (from window in Windows
                from halfLife in HalfLives
                from weight in Weights
                from overlap in Enum.GetValues<RealgramOverlap>()
                select new RealgramSettings { WindowDays = window, HalfLifeHours = halfLife, Weight = weight, Overlap = overlap, TopK = current.TopK }).ToList();
    }

    /// <param name="decisions">The decisions in time order.</param>
    /// <exception cref="ArgumentException">Fewer than <see cref="MinimumDecisions"/>.</exception>
    public static RealgramTuningResult Tune(IReadOnlyList<RealgramDecision> decisions, RealgramSettings current)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        ArgumentNullException.ThrowIfNull(current);
        if (decisions.Count < MinimumDecisions)
            throw new ArgumentException($"The realgram search needs at least {MinimumDecisions} annotator decisions; there are {decisions.Count}.", nameof(decisions));
        var split = (int)(decisions.Count * SearchShare);
        var search = decisions.Take(split).ToList();
        var heldOut = decisions.Skip(split).ToList();
        var best = Grid(current).MaxBy(settings => Top1(search, settings))!;
        return new RealgramTuningResult(best, search.Count, heldOut.Count, Top1(heldOut, current), Top1(heldOut, best));
    }

    /// <summary>Share of <paramref name="decisions"/> whose realgram first SKU is the annotator's.</summary>
    public static double Top1(IReadOnlyList<RealgramDecision> decisions, RealgramSettings settings)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        if (decisions.Count == 0)
            return 0;
        var scorer = new RealgramScorer(settings);
        var right = 0;
        foreach (var decision in decisions)
        {
            var visual = decision.Candidates.ToDictionary(c => c.SkuId, c => c.Similarity);
            var result = scorer.Score(decision.ShelfHistory, decision.TakenAt, decision.Box, decision.Candidates, sku => visual.GetValueOrDefault(sku));
            right += result.Prediction?.SkuId == decision.RightSkuId ? 1 : 0;
        }

        return right / (double)decisions.Count;
    }
}
