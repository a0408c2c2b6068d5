using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Recognition;
using ShelfCloud.Domain.Tenancy;

namespace ShelfCloud.Domain.Tests.Recognition;

public class ShelfRealgramTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(72, 0.5)]
    [InlineData(144, 0.25)]
    public void Temporal_coefficient_halves_every_half_life(double ageHours, double expected)
    {
        ShelfRealgram.TemporalCoefficient(TimeSpan.FromHours(ageHours), 72).ShouldBe(expected, 1e-9);
    }

    [Fact]
    public void Spatial_coefficient_is_the_iou_with_the_crop()
    {
        var crop = new BoundingBox(0, 0, 100, 100);

        ShelfRealgram.SpatialCoefficient(crop, crop).ShouldBe(1, 1e-6);
        ShelfRealgram.SpatialCoefficient(new BoundingBox(-100, -100, 200, 200), crop).ShouldBe(1.0 / 9, 1e-6);
        ShelfRealgram.SpatialCoefficient(new BoundingBox(100, 0, 200, 100), crop).ShouldBe(0);
    }

    [Fact]
    public void Product_list_is_built_from_annotations_inside_the_window_only()
    {
        var inWindow = Guid.NewGuid();
        var tooOld = Guid.NewGuid();
        var box = new BoundingBox(0, 0, 10, 10);
        ShelfAnnotation[] annotations =
        [
            new(inWindow, box, Now.AddDays(-2), Guid.NewGuid()),
            new(tooOld, box, Now.AddDays(-40), Guid.NewGuid()),
        ];

        var shelf = ShelfRealgram.Build(annotations, Now, new RealgramSettings());

        shelf.ProductList.Skus.ShouldBe([inWindow]);
        shelf.Annotations.ShouldBe([annotations[0]]);
        shelf.IsEmpty.ShouldBeFalse();
    }

    [Fact]
    public void Shelf_with_only_stale_annotations_is_empty()
    {
        ShelfAnnotation[] annotations = [new(Guid.NewGuid(), new BoundingBox(0, 0, 10, 10), Now.AddDays(-40), Guid.NewGuid())];

        var shelf = ShelfRealgram.Build(annotations, Now, new RealgramSettings());

        shelf.IsEmpty.ShouldBeTrue();
        shelf.ProductList.IsEmpty.ShouldBeTrue();
    }
}
