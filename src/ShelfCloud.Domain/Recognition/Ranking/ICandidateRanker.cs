namespace ShelfCloud.Domain.Recognition.Ranking;

/// <summary>Makes the final choice among a facing's candidates.</summary>
public interface ICandidateRanker
{
    /// <summary>Recorded with every prediction it made ("realgram" for the fallback).</summary>
    string Version { get; }

    /// <summary>A probability per candidate (the first <see cref="RankerFeatures.MaxCandidates"/>, in order), summing to 1.</summary>
    double[] Probabilities(FacingContext facing);
}
