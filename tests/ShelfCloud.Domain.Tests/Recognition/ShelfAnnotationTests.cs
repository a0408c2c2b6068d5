using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Recognition;

namespace ShelfCloud.Domain.Tests.Recognition;

public class ShelfAnnotationTests
{
    [Fact]
    public void Stored_annotation_maps_sku_box_capture_time_and_capture()
    {
        var annotation = new Annotation
        {
            SkuId = Guid.NewGuid(),
            CaptureId = Guid.NewGuid(),
            X1 = 1, Y1 = 2, X2 = 3, Y2 = 4,
            CapturedAt = new DateTimeOffset(2025, 5, 1, 8, 0, 0, TimeSpan.Zero),
            AnnotatedAt = new DateTimeOffset(2025, 5, 3, 8, 0, 0, TimeSpan.Zero),
        };

        var mapped = ShelfAnnotation.From(annotation);

        mapped.ShouldBe(new ShelfAnnotation(annotation.SkuId, new BoundingBox(1, 2, 3, 4), annotation.CapturedAt, annotation.CaptureId));
    }
}
