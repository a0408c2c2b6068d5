namespace ShelfCloud.Vision.Inference;

/// <summary>
/// Greedy class-agnostic non-maximum suppression: on a shelf one facing holds one product, so two boxes on the
/// same spot are one detection even when the detector hesitates between classes.
/// </summary>
public static class NonMaximumSuppression
{
    /// <summary>
    /// Keeps the highest-scoring boxes, dropping any box whose IoU with an already kept box exceeds
    /// <paramref name="iouThreshold"/>; returns at most <paramref name="maxDetections"/>, highest score first.
    /// <paramref name="candidates"/> is sorted in place.
    /// </summary>
    public static List<DetectedObject> Apply(List<DetectedObject> candidates, float iouThreshold, int maxDetections)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDetections, 1);
        candidates.Sort(static (a, b) => b.Score.CompareTo(a.Score));

        var kept = new List<DetectedObject>(Math.Min(candidates.Count, maxDetections));
        foreach (var candidate in candidates)
        {
            var suppressed = false;
            foreach (var keeper in kept)
            {
                if (candidate.Box.IoU(keeper.Box) > iouThreshold)
                {
                    suppressed = true;
                    break;
                }
            }

            if (suppressed)
            {
                continue;
            }

            kept.Add(candidate);
            if (kept.Count == maxDetections)
            {
                break;
            }
        }

        return kept;
    }
}
