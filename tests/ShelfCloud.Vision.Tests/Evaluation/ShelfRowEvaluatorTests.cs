using ShelfCloud.Domain.Captures;
using ShelfCloud.Vision.Tooling.Evaluation;

namespace ShelfCloud.Vision.Tests.Evaluation;

public sealed class ShelfRowEvaluatorTests
{
    [Fact]
    public void A_labelled_row_is_recovered_by_a_row_of_products_with_its_height_and_most_of_its_width()
    {
        var evaluator = new ShelfRowEvaluator();
        // Two rows of products; the top one spans the whole labelled row, the bottom one only a quarter of it.
        var products = Row(y1: 0, y2: 100, from: 0, to: 400).Concat(Row(y1: 120, y2: 220, from: 0, to: 100)).ToList();

        var rows = evaluator.Add([new BoundingBox(0, 0, 400, 100), new BoundingBox(0, 120, 400, 220), new BoundingBox(0, 300, 400, 400)], products);

        rows.Count.ShouldBe(2);
        var report = evaluator.Report();
        (report.LabelledRows, report.RecoveredRows).ShouldBe((3, 1));
        report.Recovered.ShouldBe(1 / 3.0, 1e-9);
        report.RowsFoundPerImage.ShouldBe(2);
        report.ProductsPerImage.ShouldBe(products.Count);
    }

    [Fact]
    public void A_found_row_half_as_tall_as_the_label_does_not_recover_it()
    {
        var evaluator = new ShelfRowEvaluator();

        evaluator.Add([new BoundingBox(0, 0, 400, 200)], Row(y1: 0, y2: 80, from: 0, to: 400).ToList());

        evaluator.Report().RecoveredRows.ShouldBe(0);
    }

    private static IEnumerable<BoundingBox> Row(float y1, float y2, float from, float to)
    {
        for (var x = from; x + 40 <= to; x += 50)
            yield return new BoundingBox(x, y1, x + 40, y2);
    }
}
