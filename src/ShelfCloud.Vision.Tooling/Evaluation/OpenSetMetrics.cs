namespace ShelfCloud.Vision.Tooling.Evaluation;

/// <summary>Threshold-free and threshold figures of a score that should be higher for known than for unknown products.</summary>
public static class OpenSetMetrics
{
    /// <summary>
    /// Area under the ROC curve: the probability that a random known score is above a random unknown one, ties
    /// counting half (Mann-Whitney U over the sorted union, O(n log n)).
    /// </summary>
    public static double Auroc(IReadOnlyCollection<float> known, IReadOnlyCollection<float> unknown)
    {
        ArgumentNullException.ThrowIfNull(known);
        ArgumentNullException.ThrowIfNull(unknown);
        if (known.Count == 0 || unknown.Count == 0)
        {
            throw new ArgumentException("AUROC needs at least one known and one unknown score.");
        }

        var all = known.Select(score => (Score: score, Known: true)).Concat(unknown.Select(score => (Score: score, Known: false)))
            .OrderBy(entry => entry.Score).ToList();
        double knownRankSum = 0;
        for (var start = 0; start < all.Count;)
        {
            var end = start;
            var knownInTie = 0;
            while (end < all.Count && all[end].Score == all[start].Score)
            {
                knownInTie += all[end].Known ? 1 : 0;
                end++;
            }

            var averageRank = (start + 1 + end) / 2.0; // ranks start+1..end (1-based) share their mean
            knownRankSum += averageRank * knownInTie;
            start = end;
        }

        var u = knownRankSum - known.Count * (known.Count + 1) / 2.0;
        return u / ((double)known.Count * unknown.Count);
    }

    /// <summary>The highest threshold at which at least <paramref name="acceptance"/> of the known scores are at or above it.</summary>
    public static float ThresholdKeeping(IReadOnlyCollection<float> known, double acceptance)
    {
        ArgumentNullException.ThrowIfNull(known);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(acceptance, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(acceptance, 1);
        if (known.Count == 0)
        {
            throw new ArgumentException("Calibration needs at least one known score.", nameof(known));
        }

        var sorted = known.OrderByDescending(score => score).ToList();
        var keep = (int)Math.Ceiling(acceptance * sorted.Count);
        return sorted[Math.Clamp(keep, 1, sorted.Count) - 1];
    }
}
