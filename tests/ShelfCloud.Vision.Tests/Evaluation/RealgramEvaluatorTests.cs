using ShelfCloud.Domain.Captures;
using ShelfCloud.Vision.Tooling.Evaluation;
using ShelfCloud.Vision.Tooling.Synthetic;

namespace ShelfCloud.Vision.Tests.Evaluation;

public sealed class RealgramEvaluatorTests
{
    private static readonly BoundingBox Left = new(0, 0, 100, 200);
    private static readonly BoundingBox Middle = new(110, 0, 210, 200);
    private static readonly BoundingBox Right = new(220, 0, 320, 200);

    [Fact]
    public void A_missed_product_counts_as_wrong_and_a_found_one_by_the_sku_each_run_named()
    {
        var evaluator = new RealgramEvaluator();
        evaluator.Add(
            [new(Left, "milk"), new(Middle, "juice"), new(Right, "cola")],
            [new(Shift(Left, 5), "milk", "milk"), new(Shift(Middle, 5), "water", "juice")],
            hadHistory: true);

        var report = evaluator.Report();

        report.Products.ShouldBe(3);
        report.DetectionRecall.ShouldBe(2 / 3.0, 1e-9);
        report.Top1WithoutRealgram.ShouldBe(1 / 3.0, 1e-9);
        report.Top1WithRealgram.ShouldBe(2 / 3.0, 1e-9);
        report.Top1WithoutRealgramDetected.ShouldBe(0.5, 1e-9);
        report.Top1WithRealgramDetected.ShouldBe(1.0, 1e-9);
        report.FixedByRealgram.ShouldBe(1);
        report.BrokenByRealgram.ShouldBe(0);
    }

    [Fact]
    public void An_unknown_answer_is_counted_and_is_wrong_with_and_without_the_realgram()
    {
        var evaluator = new RealgramEvaluator();

        evaluator.Add([new(Left, "milk"), new(Middle, "juice")], [new(Left, null, null, Unknown: true), new(Middle, "juice", "juice")], hadHistory: true);

        var report = evaluator.Report();
        report.UnknownAnswers.ShouldBe(1);
        (report.Top1WithoutRealgram, report.Top1WithRealgram).ShouldBe((0.5, 0.5));
        (report.FixedByRealgram, report.BrokenByRealgram).ShouldBe((0, 0), "the unknown answer is the same either way");
    }

    [Fact]
    public void One_predicted_box_answers_for_one_label_only_and_below_half_overlap_it_answers_for_none()
    {
        var evaluator = new RealgramEvaluator();
        var wide = new BoundingBox(0, 0, 210, 200);
        evaluator.Add([new(Left, "milk"), new(Left, "milk")], [new(Left, "milk", "milk")], hadHistory: false);
        evaluator.Add([new(Middle, "juice")], [new(wide, "juice", "juice")], hadHistory: false);

        var report = evaluator.Report();

        report.Products.ShouldBe(3);
        report.Top1WithoutRealgram.ShouldBe(1 / 3.0, 1e-9);
    }

    [Fact]
    public void Photos_recognised_before_the_first_annotation_are_left_out_of_the_with_history_figures()
    {
        var evaluator = new RealgramEvaluator();
        evaluator.Add([new(Left, "milk")], [new(Left, "water", "water")], hadHistory: false);
        evaluator.Add([new(Left, "milk")], [new(Left, "milk", "water")], hadHistory: true);

        var report = evaluator.Report();

        report.Captures.ShouldBe(2);
        report.CapturesWithHistory.ShouldBe(1);
        report.Top1WithoutRealgramWithHistory.ShouldBe(1.0);
        report.Top1WithRealgramWithHistory.ShouldBe(0.0);
        report.BrokenByRealgram.ShouldBe(1);
    }

    [Fact]
    public void Flicker_counts_an_unchanged_facing_whose_prediction_changed_between_consecutive_photos_of_a_shelf()
    {
        var evaluator = new RealgramEvaluator();
        PredictedBox Said(BoundingBox box, string alone, string final) => new(box, alone, alone) { HasStages = true, SkuFinal = final };

        evaluator.Add([new(Left, "milk"), new(Middle, "juice")], [Said(Left, "milk", "milk"), Said(Middle, "juice", "juice")], false, "shelf-a");
        evaluator.Add([new(Left, "milk"), new(Middle, "cola")], [Said(Left, "cream", "milk"), Said(Middle, "cola", "cola")], false, "shelf-a");
        evaluator.Add([new(Left, "milk")], [Said(Left, "water", "water")], false, "shelf-b");

        var report = evaluator.Report();

        report.ConsecutivePairs.ShouldBe(1, "the juice was replaced by cola, and shelf-b's photo follows another shelf's");
        report.FlickerRateLooksAlone.ShouldBe(1.0);
        report.FlickerRateFinal.ShouldBe(0.0);
        report.Top1Final.ShouldBe(4 / 5.0, 1e-9);
    }

    [Fact]
    public void Top1_by_day_counts_each_day_of_the_histories_apart()
    {
        var evaluator = new RealgramEvaluator();
        evaluator.Add([new(Left, "milk"), new(Middle, "juice")], [new(Left, "milk", "milk"), new(Middle, "water", "juice")], false, "a", day: 0);
        evaluator.Add([new(Left, "milk")], [new(Left, "milk", "milk")], true, "a", day: 1);
        evaluator.Add([new(Left, "milk")], [new(Left, "water", "milk")], false, "b", day: 0);

        var days = evaluator.Report().Top1ByDay;

        days.Select(d => (d.Day, d.Products)).ShouldBe([(0, 3), (1, 1)]);
        days[0].LooksAlone.ShouldBe(1 / 3.0, 1e-9);
        days[0].Realgram.ShouldBe(1.0);
        days[1].Final.ShouldBe(1.0, "without stage figures the final answer is the realgram's");
    }

    [Fact]
    public void A_product_outside_the_catalog_is_left_out_of_top1_and_counted_apart()
    {
        var evaluator = new RealgramEvaluator();

        evaluator.Add(
            [new(Left, "milk"), new(Middle, "durian", InCatalog: false), new(Right, "rambutan", InCatalog: false)],
            [new(Left, "milk", "milk"), new(Middle, null, null, Unknown: true), new(Right, "milk", "milk")],
            hadHistory: false);

        var report = evaluator.Report();
        report.Products.ShouldBe(1);
        report.Top1WithRealgram.ShouldBe(1.0);
        report.NotInCatalogProducts.ShouldBe(2);
        report.NotInCatalogUnknownAlone.ShouldBe(0.5);
        report.NotInCatalogUnknownFinal.ShouldBe(0.5, "without tracking and ranker figures the final answer is the realgram's");
    }

    private static BoundingBox Shift(BoundingBox box, float dx) => box with { X1 = box.X1 + dx, X2 = box.X2 + dx };
}
