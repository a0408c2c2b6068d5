using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Shelves;

namespace ShelfCloud.Domain.Tests.Shelves;

public class ShelfRowAnalyzerTests
{
    private readonly ShelfRowAnalyzer _analyzer = new();

    [Fact]
    public void No_boxes_give_no_rows()
    {
        _analyzer.GroupIntoRows([]).ShouldBeEmpty();
    }

    [Fact]
    public void Single_product_is_a_row_of_its_own()
    {
        var box = new BoundingBox(10, 20, 60, 120);

        var row = _analyzer.GroupIntoRows([box]).ShouldHaveSingleItem();

        row.Boxes.ShouldBe([box]);
        (row.Top, row.Bottom, row.Left, row.Right, row.TypicalWidth).ShouldBe((20f, 120f, 10f, 60f, 50f));
    }

    [Fact]
    public void Two_rows_of_different_heights_are_separated_top_first_and_left_to_right()
    {
        BoundingBox[] bottomRowOfCans = [new(120, 300, 170, 360), new(0, 300, 50, 360), new(60, 302, 110, 360)];
        BoundingBox[] topRowOfBottles = [new(0, 0, 40, 200), new(45, 5, 85, 200)];

        var rows = _analyzer.GroupIntoRows([.. bottomRowOfCans, .. topRowOfBottles]);

        rows.Count.ShouldBe(2);
        rows[0].Boxes.ShouldBe(topRowOfBottles);
        rows[1].Boxes.Select(b => b.X1).ShouldBe([0f, 60f, 120f]);
    }

    [Fact]
    public void Tall_and_short_products_standing_on_one_board_form_one_row()
    {
        BoundingBox[] row = [new(0, 0, 40, 200), new(45, 150, 95, 200), new(100, 100, 140, 200), new(150, 160, 190, 200)];

        _analyzer.GroupIntoRows(row).ShouldHaveSingleItem().Boxes.Count.ShouldBe(4);
    }

    [Fact]
    public void Rows_touching_through_perspective_stay_apart()
    {
        BoundingBox[] top = [new(0, 0, 50, 100), new(60, 0, 110, 100)];
        BoundingBox[] bottom = [new(0, 92, 50, 190), new(60, 90, 110, 190)];

        _analyzer.GroupIntoRows([.. top, .. bottom]).Count.ShouldBe(2);
    }

    [Fact]
    public void One_box_spanning_two_rows_does_not_merge_them()
    {
        BoundingBox[] top = [new(0, 0, 50, 100), new(60, 0, 110, 100), new(120, 0, 170, 100)];
        BoundingBox[] bottom = [new(0, 110, 50, 200), new(60, 110, 110, 200), new(120, 110, 170, 200)];
        var spanning = new BoundingBox(180, 0, 230, 200);

        var rows = _analyzer.GroupIntoRows([.. top, spanning, .. bottom]);

        rows.Count.ShouldBe(2);
        rows[1].Boxes.ShouldBe(bottom);
    }

    [Fact]
    public void Overlapping_boxes_in_a_row_stay_in_that_row()
    {
        BoundingBox[] boxes = [new(40, 0, 100, 100), new(0, 5, 60, 100), new(90, 0, 150, 98)];

        var row = _analyzer.GroupIntoRows(boxes).ShouldHaveSingleItem();

        row.Boxes.Select(b => b.X1).ShouldBe([0f, 40f, 90f]);
    }

    [Fact]
    public void Items_travel_with_their_boxes()
    {
        (string Name, BoundingBox Box)[] items = [("right", new(100, 0, 150, 100)), ("left", new(0, 0, 50, 100))];

        var row = _analyzer.GroupIntoRows(items, i => i.Box).ShouldHaveSingleItem();

        row.Items.Select(i => i.Name).ShouldBe(["left", "right"]);
        row.Boxes.ShouldBe([items[1].Box, items[0].Box]);
    }

    [Fact]
    public void Boxes_without_height_are_skipped()
    {
        _analyzer.GroupIntoRows([new BoundingBox(0, 10, 50, 10)]).ShouldBeEmpty();
    }
}
