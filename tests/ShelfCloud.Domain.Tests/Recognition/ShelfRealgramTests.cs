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

    [Fact]
    public void The_max_count_merge_lets_only_each_skus_fullest_annotation_set_vote()
    {
        var milk = Guid.NewGuid();
        var left = new BoundingBox(0, 0, 100, 100);
        var right = new BoundingBox(200, 0, 300, 100);
        var older = Guid.NewGuid();
        var newer = Guid.NewGuid();
        ShelfAnnotation[] annotations =
        [
            new(milk, left, Now.AddDays(-3), older), new(milk, new BoundingBox(100, 0, 200, 100), Now.AddDays(-3), older),
            new(milk, right, Now.AddDays(-1), newer),
        ];

        var all = ShelfRealgram.Build(annotations, Now, new RealgramSettings());
        var merged = ShelfRealgram.Build(annotations, Now, new RealgramSettings(), RealgramInstances.MaxCountMerge);

        all.CoefficientsFor(right)[milk].ShouldBeGreaterThan(0);
        merged.CoefficientsFor(right).ContainsKey(milk).ShouldBeFalse("the set with two milks votes, the newer one with one does not");
        merged.CoefficientsFor(left)[milk].ShouldBe(ShelfRealgram.TemporalCoefficient(TimeSpan.FromDays(3), 72), 1e-9);
        merged.ProductList.CountOf(milk).ShouldBe(2);
    }
}
