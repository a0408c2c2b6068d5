using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Recognition;
using ShelfCloud.Domain.Tenancy;

namespace ShelfCloud.Domain.Tests.Recognition;

public class RealgramScorerTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly BoundingBox Crop = new(100, 100, 200, 300);
    private static readonly Guid SkuA = Guid.NewGuid();
    private static readonly Guid SkuB = Guid.NewGuid();

    private static RealgramScorer Scorer(double weight = 0.15, double halfLifeHours = 72, int windowDays = 30) =>
        new(new RealgramSettings { Weight = weight, HalfLifeHours = halfLifeHours, WindowDays = windowDays });

    private static ShelfAnnotation Annotated(Guid sku, BoundingBox box, TimeSpan age) =>
        new(sku, box, Now - age, Guid.NewGuid());

    private static float NoSimilarity(Guid sku) => throw new InvalidOperationException($"Similarity of {sku} was not expected to be asked.");

    [Fact]
    public void Realgram_prefers_recent_annotation_over_old()
    {
        var annotations = new[]
        {
            Annotated(SkuA, Crop, TimeSpan.FromHours(1)),
            Annotated(SkuB, Crop, TimeSpan.FromDays(10)),
        };
        VisualCandidate[] visual = [new(SkuB, 0.82f), new(SkuA, 0.80f)];

        var result = Scorer().Score(annotations, Now, Crop, visual, NoSimilarity);

        result.Prediction!.SkuId.ShouldBe(SkuA);
        result.Candidates[0].RealgramCoefficient.ShouldBeGreaterThan(result.Candidates[1].RealgramCoefficient);
    }

    [Fact]
    public void Same_age_and_place_leaves_the_visual_winner_on_top()
    {
        var annotations = new[]
        {
            Annotated(SkuA, Crop, TimeSpan.FromHours(5)),
            Annotated(SkuB, Crop, TimeSpan.FromHours(5)),
        };
        VisualCandidate[] visual = [new(SkuB, 0.82f), new(SkuA, 0.80f)];

        var result = Scorer().Score(annotations, Now, Crop, visual, NoSimilarity);

        result.Prediction!.SkuId.ShouldBe(SkuB);
    }

    [Fact]
    public void Realgram_prefers_annotation_that_overlaps_the_crop_more()
    {
        var shiftedByHalfAWidth = new BoundingBox(150, 100, 250, 300);
        var annotations = new[]
        {
            Annotated(SkuA, Crop, TimeSpan.Zero),
            Annotated(SkuB, shiftedByHalfAWidth, TimeSpan.Zero),
        };
        VisualCandidate[] visual = [new(SkuB, 0.82f), new(SkuA, 0.80f)];

        var result = Scorer().Score(annotations, Now, Crop, visual, NoSimilarity);

        result.Prediction!.SkuId.ShouldBe(SkuA);
        result.Candidates.Single(c => c.SkuId == SkuA).RealgramCoefficient.ShouldBe(1f, 1e-6f);
        result.Candidates.Single(c => c.SkuId == SkuB).RealgramCoefficient.ShouldBe(1f / 3, 1e-6f);
    }

    [Fact]
    public void Annotation_elsewhere_on_the_shelf_gives_no_coefficient()
    {
        var annotations = new[] { Annotated(SkuA, new BoundingBox(400, 100, 500, 300), TimeSpan.Zero) };
        VisualCandidate[] visual = [new(SkuB, 0.82f), new(SkuA, 0.80f)];

        var result = Scorer().Score(annotations, Now, Crop, visual, NoSimilarity);

        result.Prediction!.SkuId.ShouldBe(SkuB);
        result.Candidates.ShouldAllBe(c => c.RealgramCoefficient == 0 && c.FinalScore == c.VisualScore);
    }

    [Fact]
    public void Final_score_is_similarity_plus_weight_times_coefficient()
    {
        var annotations = new[] { Annotated(SkuA, Crop, TimeSpan.FromHours(72)) };
        VisualCandidate[] visual = [new(SkuA, 0.6f)];

        var candidate = Scorer(weight: 0.2).Score(annotations, Now, Crop, visual, NoSimilarity).Candidates.Single();

        candidate.RealgramCoefficient.ShouldBe(0.5f, 1e-6f);
        candidate.VisualScore.ShouldBe(0.6f);
        candidate.FinalScore.ShouldBe(0.7f, 1e-6f);
    }

    [Fact]
    public void Coefficient_is_the_best_instance_of_the_sku()
    {
        var annotations = new[]
        {
            Annotated(SkuA, Crop, TimeSpan.FromHours(144)),
            Annotated(SkuA, Crop, TimeSpan.FromHours(72)),
            Annotated(SkuA, new BoundingBox(150, 100, 250, 300), TimeSpan.Zero),
        };

        var candidate = Scorer().Score(annotations, Now, Crop, [new(SkuA, 0.5f)], NoSimilarity).Candidates.Single();

        candidate.RealgramCoefficient.ShouldBe(0.5f, 1e-6f);
    }

    [Fact]
    public void Without_annotations_the_visual_scores_are_unchanged()
    {
        VisualCandidate[] visual = [new(SkuA, 0.7f), new(SkuB, 0.9f)];

        var result = Scorer().Score([], Now, Crop, visual, NoSimilarity);

        result.Candidates.Select(c => (c.SkuId, c.VisualRank, c.VisualScore, c.RealgramCoefficient, c.FinalScore))
            .ShouldBe([(SkuB, 1, 0.9f, 0f, 0.9f), (SkuA, 2, 0.7f, 0f, 0.7f)]);
    }

    [Fact]
    public void Annotations_outside_the_window_are_ignored()
    {
        var annotations = new[] { Annotated(SkuA, Crop, TimeSpan.FromDays(31)) };
        VisualCandidate[] visual = [new(SkuB, 0.82f), new(SkuA, 0.80f)];

        var result = Scorer(halfLifeHours: 10_000, windowDays: 30).Score(annotations, Now, Crop, visual, NoSimilarity);

        result.Prediction!.SkuId.ShouldBe(SkuB);
        result.Candidates.ShouldAllBe(c => c.RealgramCoefficient == 0);
    }

    [Fact]
    public void Annotations_inside_the_window_count_however_old()
    {
        var annotations = new[] { Annotated(SkuA, Crop, TimeSpan.FromDays(29)) };
        VisualCandidate[] visual = [new(SkuB, 0.82f), new(SkuA, 0.80f)];

        var result = Scorer(halfLifeHours: 10_000, windowDays: 30).Score(annotations, Now, Crop, visual, NoSimilarity);

        result.Prediction!.SkuId.ShouldBe(SkuA);
    }

    [Fact]
    public void Annotations_captured_after_now_are_ignored()
    {
        var annotations = new[] { Annotated(SkuA, Crop, TimeSpan.FromHours(-1)) };
        VisualCandidate[] visual = [new(SkuB, 0.82f), new(SkuA, 0.80f)];

        var result = Scorer().Score(annotations, Now, Crop, visual, NoSimilarity);

        result.Prediction!.SkuId.ShouldBe(SkuB);
    }

    [Fact]
    public void Realgram_sku_outside_the_visual_top_k_can_win()
    {
        var visual = Enumerable.Range(0, 10).Select(i => new VisualCandidate(Guid.NewGuid(), 0.90f - i * 0.01f)).ToArray();
        var onShelf = Guid.NewGuid();
        var asked = new List<Guid>();
        float SimilarityOf(Guid sku)
        {
            asked.Add(sku);
            return 0.80f;
        }

        var annotations = new[]
        {
            Annotated(onShelf, Crop, TimeSpan.Zero),
            Annotated(visual[3].SkuId, new BoundingBox(150, 100, 250, 300), TimeSpan.Zero),
        };

        var result = Scorer().Score(annotations, Now, Crop, visual, SimilarityOf);

        asked.ShouldBe([onShelf]);
        result.Candidates.Count.ShouldBe(11);
        var prediction = result.Prediction!;
        prediction.SkuId.ShouldBe(onShelf);
        prediction.VisualRank.ShouldBeNull();
        prediction.VisualScore.ShouldBe(0.80f);
        prediction.FinalScore.ShouldBe(0.95f, 1e-6f);
        result.Candidates[1].VisualRank.ShouldBe(4);
        result.Candidates.Single(c => c.SkuId == visual[3].SkuId).RealgramCoefficient.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Realgram_sku_not_overlapping_the_crop_is_not_looked_up()
    {
        var annotations = new[] { Annotated(Guid.NewGuid(), new BoundingBox(400, 100, 500, 300), TimeSpan.Zero) };

        var result = Scorer().Score(annotations, Now, Crop, [new(SkuA, 0.5f)], NoSimilarity);

        result.Candidates.Select(c => c.SkuId).ShouldBe([SkuA]);
    }

    [Fact]
    public void Weight_zero_leaves_the_visual_ranking_unchanged()
    {
        var annotations = new[]
        {
            Annotated(SkuA, Crop, TimeSpan.Zero),
            Annotated(Guid.NewGuid(), Crop, TimeSpan.Zero),
        };
        VisualCandidate[] visual = [new(SkuB, 0.82f), new(SkuA, 0.80f)];

        var result = Scorer(weight: 0).Score(annotations, Now, Crop, visual, NoSimilarity);

        result.Candidates.Select(c => (c.SkuId, c.FinalScore)).ShouldBe([(SkuB, 0.82f), (SkuA, 0.80f)]);
    }

    [Fact]
    public void Visual_rank_is_kept_when_the_realgram_reorders()
    {
        var annotations = new[] { Annotated(SkuA, Crop, TimeSpan.Zero) };
        VisualCandidate[] visual = [new(SkuB, 0.82f), new(SkuA, 0.80f)];

        var result = Scorer().Score(annotations, Now, Crop, visual, NoSimilarity);

        result.Candidates.Select(c => (c.SkuId, c.VisualRank)).ShouldBe([(SkuA, (int?)2), (SkuB, (int?)1)]);
    }

    [Fact]
    public void Duplicate_visual_entries_keep_their_best_similarity()
    {
        VisualCandidate[] visual = [new(SkuA, 0.5f), new(SkuB, 0.6f), new(SkuA, 0.7f)];

        var result = Scorer().Score([], Now, Crop, visual, NoSimilarity);

        result.Candidates.Select(c => (c.SkuId, c.VisualScore)).ShouldBe([(SkuA, 0.7f), (SkuB, 0.6f)]);
    }

    [Fact]
    public void Nothing_to_rank_gives_no_prediction()
    {
        var result = Scorer().Score([], Now, Crop, [], NoSimilarity);

        result.Candidates.ShouldBeEmpty();
        result.Prediction.ShouldBeNull();
    }

    [Fact]
    public void Candidates_map_onto_the_persisted_shape_in_order()
    {
        var annotations = new[] { Annotated(SkuA, Crop, TimeSpan.Zero) };
        var result = Scorer(weight: 0.5).Score(annotations, Now, Crop, [new(SkuB, 0.9f), new(SkuA, 0.6f)], NoSimilarity);

        var persisted = result.ToDetectionCandidates();

        persisted.Select(c => (c.SkuId, c.VisualScore, c.RealgramCoefficient, c.FinalScore))
            .ShouldBe([(SkuA, 0.6f, 1f, 1.1f), (SkuB, 0.9f, 0f, 0.9f)]);
    }

    [Fact]
    public void Prepared_shelf_scores_like_the_one_shot_overload()
    {
        var scorer = Scorer();
        var annotations = new[] { Annotated(SkuA, Crop, TimeSpan.FromHours(30)) };
        VisualCandidate[] visual = [new(SkuB, 0.82f), new(SkuA, 0.80f)];

        var prepared = scorer.Score(scorer.Prepare(annotations, Now), Crop, visual, NoSimilarity);
        var oneShot = scorer.Score(annotations, Now, Crop, visual, NoSimilarity);

        prepared.Candidates.ShouldBe(oneShot.Candidates);
    }

    [Theory]
    [InlineData(-0.1, 72, 30)]
    [InlineData(0.15, 0, 30)]
    [InlineData(0.15, 72, -1)]
    public void Unusable_settings_are_rejected(double weight, double halfLifeHours, int windowDays)
    {
        Should.Throw<ArgumentOutOfRangeException>(() => Scorer(weight, halfLifeHours, windowDays));
    }
}
