namespace ShelfCloud.Domain.Recognition.Ranking;

/// <summary>
/// The fallback while there is no trained ranker: the realgram's order, its final scores turned into probabilities by
/// a softmax with <see cref="Temperature"/> (what tracking sums).
/// </summary>
public sealed class RealgramOrderRanker : ICandidateRanker
{
    /// <summary>Cosine differences of a few hundredths separate a clear first candidate from the rest.</summary>
    public const double Temperature = 0.03;

    public string Version => "realgram";

    public double[] Probabilities(FacingContext facing)
    {
        ArgumentNullException.ThrowIfNull(facing);
        var scores = facing.Candidates.Take(RankerFeatures.MaxCandidates).Select(c => c.FinalScore / Temperature).ToArray();
        return Softmax.Of(scores);
    }
}
