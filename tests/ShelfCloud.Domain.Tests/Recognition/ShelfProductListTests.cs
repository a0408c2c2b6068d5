using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Recognition;

namespace ShelfCloud.Domain.Tests.Recognition;

public class ShelfProductListTests
{
    private static readonly DateTimeOffset At = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid[] Sku = [Guid.Empty, Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];

    private static IEnumerable<ShelfAnnotation> Set(params int[] skus)
    {
        var captureId = Guid.NewGuid();
        return skus.Select((s, i) => new ShelfAnnotation(Sku[s], new BoundingBox(i * 10, 0, i * 10 + 10, 10), At, captureId));
    }

    [Fact]
    public void Product_list_is_the_max_count_union_of_the_capture_sets()
    {
        var list = ShelfProductList.FromAnnotations(Set(1, 2, 2, 3).Concat(Set(2, 2, 3, 4)));

        list.Counts.ShouldBe(new Dictionary<Guid, int> { [Sku[1]] = 1, [Sku[2]] = 2, [Sku[3]] = 1, [Sku[4]] = 1 }, ignoreOrder: true);
    }

    [Fact]
    public void Repeated_annotation_of_the_same_shelf_does_not_add_up()
    {
        var list = ShelfProductList.FromAnnotations(Set(1, 1).Concat(Set(1, 1)).Concat(Set(1, 1, 1)));

        list.CountOf(Sku[1]).ShouldBe(3);
    }

    [Fact]
    public void Sku_never_annotated_is_not_on_the_list()
    {
        var list = ShelfProductList.FromAnnotations(Set(1));

        list.Contains(Sku[1]).ShouldBeTrue();
        list.Contains(Sku[2]).ShouldBeFalse();
        list.CountOf(Sku[2]).ShouldBe(0);
    }

    [Fact]
    public void No_annotations_give_an_empty_list()
    {
        ShelfProductList.FromAnnotations([]).IsEmpty.ShouldBeTrue();
        ShelfProductList.Empty.Skus.ShouldBeEmpty();
    }
}
