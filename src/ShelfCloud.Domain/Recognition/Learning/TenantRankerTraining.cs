using ShelfCloud.Domain.Recognition.Ranking;

namespace ShelfCloud.Domain.Recognition.Learning;

/// <summary>
/// Trains a tenant's ranker from its annotators' decisions (the feature rows recorded with each prediction and the
/// SKU the annotator gave) and compares it with the ranker in use on the latest decisions, held out.
/// </summary>
public static class TenantRankerTraining
{
    /// <summary>Share of the decisions (the latest) held out for the comparison.</summary>
    public const double HeldOutShare = 0.2;

    /// <summary>The outcome of one training run.</summary>
    public sealed record Result(RankerModel Model, int TrainingFacings, int HeldOutFacings, double HeldOutTop1, double BaselineTop1)
    {
        public bool Improves => HeldOutTop1 > BaselineTop1;
    }

    /// <param name="decisions">Examples in time order; <see cref="RankerExample.Right"/> is -1 when the annotator's SKU was not among the candidates.</param>
    /// <param name="baseline">The ranker in use (null: the realgram's order, which always picks the first row).</param>
    /// <exception cref="ArgumentException">Too few decisions with the right SKU among the candidates.</exception>
    public static Result Train(IReadOnlyList<RankerExample> decisions, LinearCandidateRanker? baseline, string version, string trainedOn)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        var split = (int)(decisions.Count * (1 - HeldOutShare));
        var training = decisions.Take(split).ToList();
        var heldOut = decisions.Skip(split).ToList();
        var model = RankerTrainer.Train(training, version, trainedOn);
        var trained = new LinearCandidateRanker(model);
        return new Result(model, training.Count(e => e.Right >= 0), heldOut.Count, Top1(heldOut, trained), Top1(heldOut, baseline));
    }

    /// <summary>Share of the examples whose right row the ranker scores highest (an example without one counts as wrong).</summary>
    public static double Top1(IReadOnlyList<RankerExample> examples, LinearCandidateRanker? ranker)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (examples.Count == 0)
            return 0;
        var right = 0;
        foreach (var example in examples.Where(e => e.Right >= 0 && e.Features.Length > 0))
        {
            var scores = example.Features.Select(row => ranker?.Logit(row) ?? 0).ToArray();
            var chosen = ranker is null ? 0 : Array.IndexOf(scores, scores.Max());
            right += chosen == example.Right ? 1 : 0;
        }

        return right / (double)examples.Count;
    }
}
