using ShelfCloud.Domain.Captures;
using ShelfCloud.Infrastructure.Availability;

namespace ShelfCloud.Infrastructure.Tests.Availability;

public sealed class CaptureMeasurerTests
{
    private static readonly Guid Milk = Guid.NewGuid();
    private readonly CaptureMeasurer _measurer = new(new AvailabilityOptions());

    private static MeasuredProduct Product(float x) => new(new BoundingBox(x, 100, x + 50, 200), Milk);

    private static BoundingBox Empty(float x) => new(x, 100, x + 50, 200);

    [Fact]
    public void Detector_labelled_empties_inside_a_found_gap_are_not_counted_twice()
    {
        MeasuredProduct[] products = [Product(0), Product(50), Product(200)];

        _measurer.Measure(products).EmptyFacings.ShouldBe(2);
        _measurer.Measure(products, [Empty(100), Empty(150)]).EmptyFacings.ShouldBe(2);
        _measurer.Measure(products, [Empty(100)]).EmptyFacings.ShouldBe(2);
    }

    [Fact]
    public void A_labelled_empty_the_gap_finder_cannot_see_adds_one_facing_and_its_box()
    {
        var measurement = _measurer.Measure([Product(0), Product(50)], [Empty(100)]);

        (measurement.Products, measurement.EmptyFacings).ShouldBe((2, 1));
        measurement.Gaps.ShouldHaveSingleItem().Box.ShouldBe(Empty(100));
    }

    [Theory]
    [InlineData("empty", true)]
    [InlineData("Empty facing", true)]
    [InlineData("empty_facing", true)]
    [InlineData("gap", true)]
    [InlineData("product", false)]
    [InlineData("0", false)]
    [InlineData(null, false)]
    public void Empty_facing_classes_are_recognised_by_name(string? className, bool isEmpty) =>
        CaptureMeasurer.IsEmptyFacingClass(className).ShouldBe(isEmpty);
}
