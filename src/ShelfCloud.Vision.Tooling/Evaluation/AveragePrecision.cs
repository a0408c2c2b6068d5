namespace ShelfCloud.Vision.Tooling.Evaluation;

/// <summary>COCO's 101-point interpolated average precision of one ranked list of predictions.</summary>
public static class AveragePrecision
{
    /// <summary>The IoU thresholds of mAP50-95: 0.50, 0.55, …, 0.95.</summary>
    public static IReadOnlyList<float> CocoIouThresholds { get; } = Enumerable.Range(0, 10).Select(i => 0.5f + 0.05f * i).ToArray();

    /// <summary>
    /// AP of predictions already sorted by descending score, each marked true or false positive, against
    /// <paramref name="truthCount"/> ground-truth boxes: precision made monotone from the right, then read at
    /// recall 0, 0.01, …, 1 (0 where that recall is never reached) and averaged. 0 when there is no ground truth.
    /// </summary>
    public static double Coco101(ReadOnlySpan<bool> truePositivesByRank, int truthCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(truthCount);
        if (truthCount == 0 || truePositivesByRank.IsEmpty)
        {
            return 0;
        }

        var count = truePositivesByRank.Length;
        var precision = new double[count];
        var recall = new double[count];
        var truePositives = 0;
        for (var i = 0; i < count; i++)
        {
            truePositives += truePositivesByRank[i] ? 1 : 0;
            precision[i] = (double)truePositives / (i + 1);
            recall[i] = (double)truePositives / truthCount;
        }

        for (var i = count - 2; i >= 0; i--)
        {
            precision[i] = Math.Max(precision[i], precision[i + 1]);
        }

        var sum = 0.0;
        var rank = 0;
        for (var point = 0; point <= 100; point++)
        {
            var wanted = point / 100.0;
            // Recall never decreases down the ranking, so the first rank reaching each point only moves forward.
            while (rank < count && recall[rank] < wanted - 1e-12)
            {
                rank++;
            }

            if (rank == count)
            {
                break;
            }

            sum += precision[rank];
        }

        return sum / 101;
    }
}
