using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Shelves;

namespace ShelfCloud.Domain.Tests.Shelves;

public class EmptyFacingFinderTests
{
    private readonly EmptyFacingFinder _finder = new(minGapFraction: 0.5f);

    private static ShelfRow<BoundingBox> Row(params BoundingBox[] boxes) => new(boxes, boxes);

    [Fact]
    public void No_rows_give_no_gaps()
    {
        _finder.FindGaps(Array.Empty<ShelfRow<BoundingBox>>()).ShouldBeEmpty();
    }

    [Fact]
    public void Single_product_fills_its_own_shelf()
    {
        _finder.FindGaps([Row(new BoundingBox(0, 0, 50, 100))]).ShouldBeEmpty();
    }

    [Fact]
    public void Products_with_normal_spacing_leave_no_gap()
    {
        var row = Row(new(0, 0, 100, 100), new(110, 0, 210, 100), new(230, 0, 330, 100));

        _finder.FindGaps([row]).ShouldBeEmpty();
    }

    [Fact]
    public void Gap_between_neighbours_is_reported_with_its_box_and_missing_facings()
    {
        var row = Row(new(0, 10, 100, 110), new(100, 0, 200, 100), new(400, 0, 500, 100));

        var gap = _finder.FindGaps([row]).ShouldHaveSingleItem();

        gap.RowIndex.ShouldBe(0);
        gap.Box.ShouldBe(new BoundingBox(200, row.Top, 400, row.Bottom));
        gap.MissingFacings.ShouldBe(2f);
    }

    [Fact]
    public void Gap_must_be_wider_than_the_fraction_of_the_typical_width()
    {
        var justBelow = Row(new(0, 0, 100, 100), new(150, 0, 250, 100), new(250, 0, 350, 100));
        var justAbove = Row(new(0, 0, 100, 100), new(151, 0, 251, 100), new(251, 0, 351, 100));

        _finder.FindGaps([justBelow]).ShouldBeEmpty();
        _finder.FindGaps([justAbove]).ShouldHaveSingleItem();
    }

    [Fact]
    public void Overlapping_boxes_do_not_open_a_false_gap()
    {
        var row = Row(new(0, 0, 100, 100), new(10, 0, 30, 100), new(100, 0, 200, 100));

        _finder.FindGaps([row]).ShouldBeEmpty();
    }

    [Fact]
    public void Shorter_row_has_a_gap_at_its_end_within_the_shelf()
    {
        var full = Row(new(0, 0, 100, 100), new(100, 0, 200, 100), new(200, 0, 300, 100));
        var emptiedAtTheRight = Row(new BoundingBox(0, 120, 100, 220));

        var gap = _finder.FindGaps([full, emptiedAtTheRight]).ShouldHaveSingleItem();

        gap.RowIndex.ShouldBe(1);
        gap.Box.ShouldBe(new BoundingBox(100, 120, 300, 220));
    }

    [Fact]
    public void Given_shelf_extent_finds_gaps_at_both_row_ends()
    {
        var row = Row(new(100, 0, 200, 100), new(200, 0, 300, 100));

        var gaps = _finder.FindGaps([row], shelfLeft: 0, shelfRight: 400);

        gaps.Select(g => (g.Box.X1, g.Box.X2)).ShouldBe([(0f, 100f), (300f, 400f)]);
    }

    [Fact]
    public void Products_reaching_past_the_shelf_extent_leave_no_end_gap()
    {
        var row = Row(new(-20, 0, 100, 100), new(100, 0, 220, 100));

        _finder.FindGaps([row], shelfLeft: 0, shelfRight: 200).ShouldBeEmpty();
    }

    [Fact]
    public void Typical_width_is_per_row()
    {
        var wide = Row(new(0, 0, 200, 100), new(240, 0, 440, 100));
        var narrow = Row(new(0, 120, 50, 220), new(90, 120, 140, 220), new(140, 120, 190, 220));

        var gaps = _finder.FindGaps([wide, narrow], shelfLeft: 0, shelfRight: 190);

        gaps.ShouldHaveSingleItem().RowIndex.ShouldBe(1);
    }
}
