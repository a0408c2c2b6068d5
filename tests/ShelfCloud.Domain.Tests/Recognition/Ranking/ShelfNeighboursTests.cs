using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Recognition.Ranking;

namespace ShelfCloud.Domain.Tests.Recognition.Ranking;

public sealed class ShelfNeighboursTests
{
    [Fact]
    public void Neighbours_are_the_nearest_facings_left_and_right_on_the_same_row()
    {
        BoundingBox[] boxes =
        [
            new(0, 0, 100, 200), new(105, 5, 205, 200), new(210, 0, 310, 195), // one row
            new(105, 250, 205, 450),                                           // the row below
            new(700, 0, 800, 200),                                             // far along the row
        ];

        var neighbours = ShelfNeighbours.Of(boxes);

        neighbours[0].ShouldBe([1]);
        neighbours[1].ShouldBe([0, 2]);
        neighbours[2].ShouldBe([1]);
        neighbours[3].ShouldBeEmpty();
        neighbours[4].ShouldBeEmpty("a gap of several facings is not a neighbour");
    }
}
