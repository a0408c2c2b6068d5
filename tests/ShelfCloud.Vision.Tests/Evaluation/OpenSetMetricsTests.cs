using ShelfCloud.Vision.Tooling.Evaluation;

namespace ShelfCloud.Vision.Tests.Evaluation;

public class OpenSetMetricsTests
{
    [Fact]
    public void Auroc_is_one_when_every_known_score_is_above_every_unknown_and_zero_when_reversed()
    {
        OpenSetMetrics.Auroc([0.9f, 0.8f, 0.7f], [0.1f, 0.2f]).ShouldBe(1.0);
        OpenSetMetrics.Auroc([0.1f, 0.2f], [0.9f, 0.8f, 0.7f]).ShouldBe(0.0);
    }

    [Fact]
    public void Auroc_counts_pairs_and_ties_half()
    {
        // Pairs (known, unknown): (0.5, 0.5) tie = 0.5, (0.5, 0.7) = 0, (0.9, 0.5) = 1, (0.9, 0.7) = 1 → 2.5 / 4.
        OpenSetMetrics.Auroc([0.5f, 0.9f], [0.5f, 0.7f]).ShouldBe(0.625, tolerance: 1e-12);
        OpenSetMetrics.Auroc([0.4f, 0.4f], [0.4f]).ShouldBe(0.5, tolerance: 1e-12);
    }

    [Fact]
    public void The_calibrated_threshold_keeps_the_asked_share_of_known_scores()
    {
        var known = Enumerable.Range(1, 20).Select(i => i / 20f).ToList();

        var threshold = OpenSetMetrics.ThresholdKeeping(known, 0.95);

        threshold.ShouldBe(0.1f);
        known.Count(score => score >= threshold).ShouldBe(19);
        OpenSetMetrics.ThresholdKeeping(known, 1.0).ShouldBe(0.05f);
    }

    [Fact]
    public void Metrics_without_scores_are_refused()
    {
        Should.Throw<ArgumentException>(() => OpenSetMetrics.Auroc([], [0.1f]));
        Should.Throw<ArgumentException>(() => OpenSetMetrics.ThresholdKeeping([], 0.95));
    }
}
